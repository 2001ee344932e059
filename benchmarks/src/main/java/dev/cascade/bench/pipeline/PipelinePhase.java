package dev.cascade.bench.pipeline;

import dev.cascade.actuators.delivery.DeliveryStats;
import dev.cascade.pipeline.Pipeline;
import dev.cascade.pipeline.PipelineMonitor;
import dev.cascade.pipeline.PipelineOptions;
import dev.cascade.cloud.worker.WorkerStats;
import dev.cascade.edge.EdgeStats;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.ingest.IngestStats;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One phase through the real pipeline: the roles started afresh on the run's brokers under their own topic
 * namespace, the simulated fleet sending over MQTT, a warm-up, the measured interval, then the devices
 * stop and the pipeline drains so that every window and escalation is accounted for.
 */
final class PipelinePhase {
    private static final Duration DRAIN = Duration.ofSeconds(60);

    /**
     * @param name phase name
     * @param description what runs
     * @param devices simulated devices
     * @param ratePerDevice windows per second per device
     * @param faultsPerMinute strong faults started per minute
     * @param warmup left out of rates and latencies
     * @param duration the measured interval
     * @param policy the edge's escalation policy
     */
    record Spec(String name, String description, int devices, double ratePerDevice, double faultsPerMinute,
                Duration warmup, Duration duration, EscalationPolicy policy) {}

    /** The counters of every role at one moment. */
    private record Snapshot(FleetStats fleet, EdgeStats edge, WorkerStats cloud, DeliveryStats delivery,
                            IngestStats ingest, PipelineMonitor.Snapshot monitor) {}

    private PipelinePhase() {}

    /** The edge policy of baseline (a): nothing is decided at the edge, every window is escalated as uncertain. */
    static EscalationPolicy escalateEverything() {
        return new EscalationPolicy(Double.MIN_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, 0, false, 0, false);
    }

    static PhaseResult run(Spec spec, BenchContext ctx) throws IOException, ModelBundleException, InterruptedException {
        double loadBefore = MachineInfo.loadAverage();
        ctx.out().printf("%n== %s: %s%n", spec.name(), spec.description());
        ctx.out().flush();
        try (BenchBrokers brokers = ctx.brokers()) {
            return run(spec, ctx, brokers, loadBefore);
        }
    }

    private static PhaseResult run(Spec spec, BenchContext ctx, BenchBrokers brokers, double loadBefore)
            throws IOException, ModelBundleException, InterruptedException {
        BenchPlan plan = ctx.plan();
        PipelineOptions options = PipelineOptions.defaults(plan.models())
                .withTopics(new Topics(ctx.namespace(spec.name())))
                .withBrokers(brokers.mqttUri(), brokers.kafkaBootstrap())
                .withInstance("b" + ctx.runId() + "-" + spec.name())
                .withPolicy(spec.policy())
                .withWorkers(plan.edgeWorkers(), plan.cloudWorkers())
                .withPartitions(plan.partitions())
                .withMaxBatch(plan.maxBatch())
                .withActionCooldown(plan.actionCooldown());
        try (Pipeline pipeline = Pipeline.start(options, InstantSource.system())) {
            int zones = ctx.zones(spec.devices());
            FleetProfile fleet = new FleetProfile(options.topics().namespace(), java.util.Optional.of(brokers.mqttUri()),
                    spec.devices() - zones, zones, ctx.soilFrames(), spec.ratePerDevice(), spec.faultsPerMinute(),
                    spec.warmup().plus(spec.duration()), plan.seed(), plan.simWorkers(), plan.simConnections());
            // Every window a device sends goes into the monitor's ledger: loss is counted by id, not from arrivals.
            FleetObserver ledger = new FleetObserver() {
                @Override
                public void windowSent(dev.cascade.protocol.window.SensorWindow window) {
                    pipeline.monitor().ledger().sent(window.correlationId().value());
                }
            };
            Simulation sim = Simulation.start(fleet.config(), InstantSource.system(), ledger);
            // The phase's clock starts when the devices do (building thousands of them takes a while).
            Instant t0 = Instant.now();
            long n0 = System.nanoTime();
            LatencyBook book = new LatencyBook();
            book.measure(t0.plus(spec.warmup()), t0.plus(spec.warmup()).plus(spec.duration()));
            pipeline.monitor().addLatencyListener(book);
            PhaseLoop.Outcome<Snapshot> o;
            try {
                o = new PhaseLoop<Snapshot>(spec.name(), spec.warmup(), spec.duration(), () -> snapshot(pipeline, sim),
                        PipelinePhase::progress, book, ctx.out(), ctx.profile(spec.name())).run(n0);
            } finally {
                sim.close();
            }
            boolean drained = drain(pipeline, sim.stats());
            Snapshot fin = snapshot(pipeline, sim);
            return result(spec, fleet, t0, o, fin, drained, book, loadBefore, plan.price());
        }
    }

    private static Snapshot snapshot(Pipeline p, Simulation sim) {
        return new Snapshot(sim.stats(), p.edge().stats(), p.cloud().stats(), p.delivery().stats(), p.ingest().stats(),
                p.monitor().snapshot());
    }

    private static PhaseLoop.Progress progress(Snapshot s) {
        return new PhaseLoop.Progress(s.edge().windows(), decided(s), s.edge().escalatedTotal());
    }

    /** Windows decided: at the edge, plus cloud verdicts on windows the edge left to the cloud. */
    private static long decided(Snapshot s) {
        long confirmations = s.edge().escalated().getOrDefault(EscalationReason.AUDIT_SAMPLE, 0L)
                + s.edge().escalated().getOrDefault(EscalationReason.ACTED_LOCALLY, 0L);
        return s.edge().decidedLocally() + Math.max(0, s.cloud().inferred() - confirmations);
    }

    /** Waits until every window reached the edge, every escalation is on Kafka and the cloud has read them all. */
    private static boolean drain(Pipeline p, FleetStats sent) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < deadline) {
            EdgeStats e = p.edge().stats();
            PipelineMonitor.Snapshot m = p.monitor().snapshot();
            boolean edgeDone = e.windows() >= sent.windowsDelivered() && e.uplinkBacklog() == 0
                    && e.uplinkSent() >= e.escalatedTotal();
            boolean kafkaDone = m.escalationsMissing() == 0 && p.ingest().stats().pending() == 0;
            boolean cloudDone = p.cloud().stats().escalations() >= m.escalationRecords();
            if (edgeDone && kafkaDone && cloudDone) {
                Thread.sleep(1000);   // acknowledgements of the last commands
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static PhaseResult result(Spec spec, FleetProfile fleet, Instant t0, PhaseLoop.Outcome<Snapshot> o,
                                      Snapshot fin, boolean drained, LatencyBook book, double loadBefore,
                                      InstancePrice price) {
        Snapshot a = o.atStart();
        Snapshot b = o.atEnd();
        double s = o.measuredSeconds();
        long windowsIn = b.edge().windows() - a.edge().windows();
        long edgeDecided = b.edge().decidedLocally() - a.edge().decidedLocally();
        long uplink = b.edge().uplinkBytes() - a.edge().uplinkBytes();
        long inferred = b.cloud().inferred() - a.cloud().inferred();
        long batches = b.cloud().batches() - a.cloud().batches();
        long cloudCommands = b.delivery().commandsSent() - a.delivery().commandsSent();
        long edgeCommands = b.edge().localActions() - a.edge().localActions();
        double decidedPerSecond = per(decided(b) - decided(a), s);
        PhaseResult.Throughput t = new PhaseResult.Throughput(
                per(b.fleet().windowsPublished() - a.fleet().windowsPublished(), s), per(windowsIn, s), decidedPerSecond,
                per(edgeDecided, s), per(b.edge().escalatedTotal() - a.edge().escalatedTotal(), s), per(inferred, s),
                windowsIn == 0 ? 0 : round4((double) edgeDecided / windowsIn),
                per((cloudCommands + edgeCommands) * 60, s), per(cloudCommands * 60, s), per(edgeCommands * 60, s),
                per((b.monitor().acked() - a.monitor().acked()) * 60, s), per(uplink, s),
                windowsIn == 0 ? 0 : Math.round(10.0 * uplink / windowsIn) / 10.0,
                per(b.fleet().bytesPublished() - a.fleet().bytesPublished(), s),
                batches == 0 ? 0 : Math.round(100.0 * inferred / batches) / 100.0);

        Map<String, Long> reasons = new LinkedHashMap<>();
        for (EscalationReason r : EscalationReason.values()) {
            long n = fin.edge().escalated().getOrDefault(r, 0L);
            if (n > 0) {
                reasons.put(r.displayName(), n);
            }
        }
        PipelineMonitor.Snapshot m = fin.monitor();
        PhaseResult.Counts counts = new PhaseResult.Counts(fin.fleet().windowsDelivered(), fin.edge().windows(),
                fin.edge().decidedLocally(), reasons, m.escalationsSent(), m.escalationsInKafka(), m.escalationRecords(),
                fin.cloud().inferred(), fin.cloud().duplicates(), fin.delivery().commandsSent(), fin.edge().localActions(),
                m.acked(), fin.delivery().failed(), m.alerts(), m.deadLetters(),
                fin.fleet().machines() - fin.fleet().machinesRunning());
        // Lost: windows a device sent that were neither decided at the edge nor escalated into Kafka (by id).
        long lostWindows = m.windows().unaccounted();
        long dupWindows = Math.max(0, fin.edge().windows() - fin.fleet().windowsDelivered());
        PhaseResult.Loss loss = new PhaseResult.Loss(drained, lostWindows, dupWindows, m.escalationsMissing(),
                Math.max(0, m.escalationRecords() - m.escalationsInKafka()), 0, lostWindows + m.escalationsMissing());

        var histograms = PhaseResult.histograms(book);
        return new PhaseResult(spec.name(), spec.description(), fleet.devices(), fleet.machines(), fleet.zones(),
                Math.round(spec.devices() * spec.ratePerDevice() * 10) / 10.0, fleet.faults(), t0.toString(),
                spec.warmup().toMillis() / 1000.0, RoleMeter.round(s), t, PhaseResult.summaries(histograms), PhaseResult.byArrival(book), counts, loss,
                o.usage(), PhaseResult.Cost.of(o.usage(), decidedPerSecond, price),
                new PhaseResult.Load(loadBefore, o.loadMean(), o.loadMax()), o.ticks(), o.profile(), histograms);
    }

    static double per(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds * 10) / 10.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
