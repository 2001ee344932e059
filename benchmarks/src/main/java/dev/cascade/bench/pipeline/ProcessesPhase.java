package dev.cascade.bench.pipeline;

import dev.cascade.bench.processes.ExampleRoles;
import dev.cascade.bench.processes.PromText;
import dev.cascade.bench.processes.ProcSample;
import dev.cascade.bench.processes.ProcessStack;
import dev.cascade.bench.processes.RoleSpec;
import dev.cascade.pipeline.PipelineMonitor;
import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.sim.run.Simulation;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Cascade phase in the multi-process layout: mosquitto, Kafka as its own JVM and each role
 * ({@code cascade edge|ingest|infer|actuate[|dashboard] --config <module>/examples/<role>.yaml}, brokers, namespace,
 * instance and ports overridden through {@code CASCADE_<ROLE>_*}) as its own JVM, started one after the other and
 * each awaited on /health/ready. The simulated fleet and the measuring harness stay in this JVM: the devices publish
 * to mosquitto, the harness reads every Kafka topic (as in the one-JVM phases) and the edge's own commands on MQTT
 * (for the edge-action latency), and scrapes each role's /metrics for its counters. Every process is stopped at the
 * end of the phase (SIGTERM, then SIGKILL).
 */
final class ProcessesPhase {
    private static final Duration DRAIN = Duration.ofSeconds(60);

    /** The counters of every process at one moment. */
    private record Snapshot(FleetStats fleet, PromText edge, PromText ingest, PromText infer, PromText actuate,
                            PipelineMonitor.Snapshot monitor, Map<String, ProcSample> procs) {}

    private ProcessesPhase() {}

    static PhaseResult run(PipelinePhase.Spec spec, BenchContext ctx, ProcessLayout layout) throws InterruptedException,
            java.io.IOException {
        double loadBefore = MachineInfo.loadAverage();
        BenchPlan plan = ctx.plan();
        ctx.out().printf("%n== %s (layout processes): %s%n", spec.name(), spec.description());
        ctx.out().flush();
        Topics topics = new Topics(ctx.namespace(spec.name()));
        String instance = "b" + ctx.runId() + "-" + spec.name();
        java.nio.file.Path dir = plan.out().resolve("processes").resolve(spec.name());
        try (ProcessStack stack = ProcessStack.startBrokers(layout.launcher(), dir, ctx.out())) {
            TopicProvisioner.ensure(KafkaSettings.of(stack.kafkaBootstrap(), instance + "-provisioner"), topics,
                    plan.partitions(), (short) 1);
            ExampleRoles.Settings settings = new ExampleRoles.Settings(plan.edgeWorkers(), plan.cloudWorkers(),
                    plan.maxBatch(), plan.partitions(), plan.actionCooldown(), layout.dashboard());
            for (RoleSpec r : ExampleRoles.specs(layout.launcher().home(), settings, topics.namespace(), instance,
                    stack.mqttUri(), stack.kafkaBootstrap())) {
                stack.startRole(r);
            }
            LatencyBook book = new LatencyBook();
            try (PipelineMonitor monitor = new PipelineMonitor(KafkaSettings.of(stack.kafkaBootstrap(), instance), topics);
                 MqttConnection commands = MqttConnection.open(MqttSettings.of(stack.mqttUri(), instance + "-watch"))) {
                monitor.addLatencyListener(book);
                commands.subscribe(topics.mqttFilter(Channel.COMMANDS), 0, (topic, payload, delivery) -> {
                    Decoded<Command> d = Codecs.command().decode(payload);
                    if (d.isAccepted() && d.orElseThrow().header().origin() == CommandOrigin.EDGE) {
                        Command c = d.orElseThrow();
                        book.onLatency(LatencyKind.EDGE_ACTION, c.header().windowSentAt(), c.header().issuedAt());
                    }
                });
                return measure(spec, ctx, stack, monitor, book, loadBefore);
            }
        }
    }

    private static PhaseResult measure(PipelinePhase.Spec spec, BenchContext ctx, ProcessStack stack,
                                       PipelineMonitor monitor, LatencyBook book, double loadBefore)
            throws InterruptedException, java.io.IOException {
        BenchPlan plan = ctx.plan();
        int zones = ctx.zones(spec.devices());
        FleetProfile fleet = new FleetProfile(ctx.namespace(spec.name()), Optional.of(stack.mqttUri()),
                spec.devices() - zones, zones, ctx.soilFrames(), spec.ratePerDevice(), spec.faultsPerMinute(),
                spec.warmup().plus(spec.duration()), plan.seed(), plan.simWorkers(), plan.simConnections());
        Simulation sim = Simulation.start(fleet.config(), InstantSource.system(), FleetObserver.NONE);
        Instant t0 = Instant.now();
        long n0 = System.nanoTime();
        book.measure(t0.plus(spec.warmup()), t0.plus(spec.warmup()).plus(spec.duration()));
        PhaseLoop.Outcome<Snapshot> o;
        try {
            o = new PhaseLoop<Snapshot>(spec.name(), spec.warmup(), spec.duration(),
                    () -> snapshot(stack, monitor, sim), ProcessesPhase::progress, book, ctx.out(),
                    ctx.profile(spec.name())).run(n0);
        } finally {
            sim.close();
        }
        boolean drained = drain(stack, monitor, sim.stats());
        Snapshot fin = snapshot(stack, monitor, sim);
        return result(spec, fleet, t0, o, fin, drained, book, loadBefore, plan.price(), stack);
    }

    private static Snapshot snapshot(ProcessStack s, PipelineMonitor monitor, Simulation sim) {
        return new Snapshot(sim.stats(), PromText.parse(s.metrics("edge")), PromText.parse(s.metrics("ingest")),
                PromText.parse(s.metrics("infer")), PromText.parse(s.metrics("actuate")), monitor.snapshot(), s.sample());
    }

    private static long windowsIn(Snapshot s) {
        return s.edge().count("cascade_edge_windows_in_total");
    }

    private static long decidedLocally(Snapshot s) {
        return s.edge().count("cascade_edge_decided_locally_total");
    }

    private static long escalated(Snapshot s) {
        return s.edge().count("cascade_edge_escalations_total");
    }

    private static long escalated(Snapshot s, EscalationReason r) {
        return s.edge().count("cascade_edge_escalations_total", "reason", r.displayName());
    }

    private static long inferred(Snapshot s) {
        return s.infer().count("cascade_infer_windows_inferred_total");
    }

    private static PhaseLoop.Progress progress(Snapshot s) {
        return new PhaseLoop.Progress(windowsIn(s), decided(s), escalated(s));
    }

    /** Windows decided: at the edge, plus cloud verdicts on windows the edge left to the cloud. */
    private static long decided(Snapshot s) {
        long confirmations = escalated(s, EscalationReason.AUDIT_SAMPLE) + escalated(s, EscalationReason.ACTED_LOCALLY);
        return decidedLocally(s) + Math.max(0, inferred(s) - confirmations);
    }

    /** Waits until every window reached the edge, every escalation is on Kafka and the cloud has read them all. */
    private static boolean drain(ProcessStack stack, PipelineMonitor monitor, FleetStats sent) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < deadline) {
            PromText e = PromText.parse(stack.metrics("edge"));
            PipelineMonitor.Snapshot m = monitor.snapshot();
            long sentUp = e.count("cascade_edge_messages_out_total");
            boolean edgeDone = e.count("cascade_edge_windows_in_total") >= sent.windowsDelivered()
                    && e.count("cascade_edge_uplink_backlog_escalations") == 0
                    && sentUp >= e.count("cascade_edge_escalations_total");
            boolean kafkaDone = m.escalationsInKafka() >= sentUp
                    && PromText.parse(stack.metrics("ingest")).count("cascade_ingest_pending_messages") == 0;
            boolean cloudDone = PromText.parse(stack.metrics("infer")).count("cascade_infer_escalations_in_total")
                    >= m.escalationRecords();
            if (edgeDone && kafkaDone && cloudDone) {
                Thread.sleep(1000);   // acknowledgements of the last commands
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static PhaseResult result(PipelinePhase.Spec spec, FleetProfile fleet, Instant t0,
                                      PhaseLoop.Outcome<Snapshot> o, Snapshot fin, boolean drained, LatencyBook book,
                                      double loadBefore, InstancePrice price, ProcessStack stack) {
        Snapshot a = o.atStart();
        Snapshot b = o.atEnd();
        double s = o.measuredSeconds();
        long windowsIn = windowsIn(b) - windowsIn(a);
        long edgeDecided = decidedLocally(b) - decidedLocally(a);
        long uplink = b.edge().count("cascade_edge_uplink_payload_bytes_total")
                - a.edge().count("cascade_edge_uplink_payload_bytes_total");
        long inferred = inferred(b) - inferred(a);
        long batches = b.infer().count("cascade_infer_batches_total") - a.infer().count("cascade_infer_batches_total");
        long cloudCommands = b.actuate().count("cascade_actuate_commands_out_total")
                - a.actuate().count("cascade_actuate_commands_out_total");
        long edgeCommands = b.edge().count("cascade_edge_local_actions_total")
                - a.edge().count("cascade_edge_local_actions_total");
        double decidedPerSecond = PipelinePhase.per(decided(b) - decided(a), s);
        PhaseResult.Throughput t = new PhaseResult.Throughput(
                PipelinePhase.per(b.fleet().windowsPublished() - a.fleet().windowsPublished(), s),
                PipelinePhase.per(windowsIn, s), decidedPerSecond, PipelinePhase.per(edgeDecided, s),
                PipelinePhase.per(escalated(b) - escalated(a), s), PipelinePhase.per(inferred, s),
                windowsIn == 0 ? 0 : Math.round(10000.0 * edgeDecided / windowsIn) / 10000.0,
                PipelinePhase.per((cloudCommands + edgeCommands) * 60, s), PipelinePhase.per(cloudCommands * 60, s),
                PipelinePhase.per(edgeCommands * 60, s), PipelinePhase.per((b.monitor().acked() - a.monitor().acked()) * 60, s),
                PipelinePhase.per(uplink, s), windowsIn == 0 ? 0 : Math.round(10.0 * uplink / windowsIn) / 10.0,
                PipelinePhase.per(b.fleet().bytesPublished() - a.fleet().bytesPublished(), s),
                batches == 0 ? 0 : Math.round(100.0 * inferred / batches) / 100.0);

        Map<String, Long> reasons = new LinkedHashMap<>();
        for (EscalationReason r : EscalationReason.values()) {
            long n = escalated(fin, r);
            if (n > 0) {
                reasons.put(r.displayName(), n);
            }
        }
        PipelineMonitor.Snapshot m = fin.monitor();
        long edgeWindows = windowsIn(fin);
        long sentUp = fin.edge().count("cascade_edge_messages_out_total");
        PhaseResult.Counts counts = new PhaseResult.Counts(fin.fleet().windowsDelivered(), edgeWindows,
                decidedLocally(fin), reasons, sentUp, m.escalationsInKafka(), m.escalationRecords(), inferred(fin),
                fin.infer().count("cascade_infer_duplicates_total"),
                fin.actuate().count("cascade_actuate_commands_out_total"),
                fin.edge().count("cascade_edge_local_actions_total"), m.acked(),
                fin.actuate().count("cascade_actuate_commands_failed_total"), m.alerts(), m.deadLetters(),
                fin.fleet().machines() - fin.fleet().machinesRunning());
        long lostWindows = Math.max(0, fin.fleet().windowsDelivered() - edgeWindows);
        long dupWindows = Math.max(0, edgeWindows - fin.fleet().windowsDelivered());
        long lostEscalations = Math.max(0, sentUp - m.escalationsInKafka());
        PhaseResult.Loss loss = new PhaseResult.Loss(drained, lostWindows, dupWindows, lostEscalations,
                Math.max(0, m.escalationRecords() - m.escalationsInKafka()), 0, lostWindows + lostEscalations);

        Map<String, ProcessUsage> processes = new LinkedHashMap<>();
        double pipelineCores = 0;
        double edgeCores = 0;
        for (ProcessStack.Member p : stack.members()) {
            ProcessUsage u = ProcessUsage.of(p.pid(), p.startToReadyMs(),
                    a.procs().getOrDefault(p.role(), ProcSample.NONE), b.procs().getOrDefault(p.role(), ProcSample.NONE), s);
            processes.put(p.role(), u);
            pipelineCores += u.cores();
            if (p.role().equals("edge")) {
                edgeCores = u.cores();
            }
        }
        PhaseResult.Cost cost = PhaseResult.Cost.ofCores(RoleMeter.round(pipelineCores),
                RoleMeter.round(pipelineCores - edgeCores), decidedPerSecond, price);
        var histograms = PhaseResult.histograms(book);
        return new PhaseResult(spec.name(), spec.description(), fleet.devices(), fleet.machines(), fleet.zones(),
                Math.round(spec.devices() * spec.ratePerDevice() * 10) / 10.0, fleet.faults(), t0.toString(),
                spec.warmup().toMillis() / 1000.0, RoleMeter.round(s), t, PhaseResult.summaries(histograms),
                PhaseResult.byArrival(book), counts, loss, o.usage(), cost,
                new PhaseResult.Load(loadBefore, o.loadMean(), o.loadMax()), o.ticks(), o.profile(), processes, histograms);
    }
}
