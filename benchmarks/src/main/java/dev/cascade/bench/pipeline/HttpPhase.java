package dev.cascade.bench.pipeline;

import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Baseline (b): the same simulated fleet, devices, rate and faults as the main phase, but every window goes
 * as one HTTP POST to {@link HttpInferenceServer}, which runs the cloud model per request (no edge model, no
 * brokers, no batching). There are no actuators: the verdict in the response is the end of the path.
 */
final class HttpPhase {
    static final String NAME = "http-per-request";
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private record Snapshot(FleetStats fleet, HttpLoad.Counts http) {}

    private HttpPhase() {}

    static PhaseResult run(PipelinePhase.Spec spec, BenchContext ctx)
            throws IOException, ModelBundleException, InterruptedException {
        BenchPlan plan = ctx.plan();
        double loadBefore = MachineInfo.loadAverage();
        ctx.out().printf("%n== %s: %s%n", NAME, spec.description());
        ctx.out().flush();
        try (HttpInferenceServer server = HttpInferenceServer.start(ctx.catalog().cloud(), OnnxOptions.DEFAULT,
                plan.httpConcurrency())) {
            int zones = ctx.zones(spec.devices());
            FleetProfile fleet = new FleetProfile(ctx.namespace(NAME), Optional.empty(), spec.devices() - zones, zones,
                    ctx.soilFrames(), spec.ratePerDevice(), spec.faultsPerMinute(), spec.warmup().plus(spec.duration()),
                    plan.seed(), plan.simWorkers(), plan.simConnections());
            LatencyBook book = new LatencyBook();
            try (HttpLoad load = new HttpLoad(server.uri(), plan.httpConcurrency(), book)) {
                Simulation sim = Simulation.start(fleet.config(), InstantSource.system(), load);
                Instant t0 = Instant.now();
                long n0 = System.nanoTime();
                book.measure(t0.plus(spec.warmup()), t0.plus(spec.warmup()).plus(spec.duration()));
                PhaseLoop.Outcome<Snapshot> o;
                try {
                    o = new PhaseLoop<Snapshot>(NAME, spec.warmup(), spec.duration(),
                            () -> new Snapshot(sim.stats(), load.counts()),
                            s -> new PhaseLoop.Progress(s.http().sent(), s.http().ok(), s.http().sent()), book,
                            ctx.out(), ctx.profile(NAME)).run(n0);
                } finally {
                    sim.close();
                }
                boolean drained = load.drain(DRAIN);
                Snapshot fin = new Snapshot(sim.stats(), load.counts());
                return result(spec, fleet, t0, o, fin, drained, book, loadBefore, plan.price());
            }
        }
    }

    private static PhaseResult result(PipelinePhase.Spec spec, FleetProfile fleet, Instant t0,
                                      PhaseLoop.Outcome<Snapshot> o, Snapshot fin, boolean drained, LatencyBook book,
                                      double loadBefore, InstancePrice price) {
        HttpLoad.Counts a = o.atStart().http();
        HttpLoad.Counts b = o.atEnd().http();
        double s = o.measuredSeconds();
        long sent = b.sent() - a.sent();
        long ok = b.ok() - a.ok();
        long bytes = b.bytes() - a.bytes();
        double decided = PipelinePhase.per(ok, s);
        PhaseResult.Throughput t = new PhaseResult.Throughput(PipelinePhase.per(b.made() - a.made(), s),
                PipelinePhase.per(sent, s), decided, 0, PipelinePhase.per(sent, s), decided, 0,
                PipelinePhase.per((b.positives() - a.positives()) * 60, s), PipelinePhase.per((b.positives() - a.positives()) * 60, s),
                0, 0, PipelinePhase.per(bytes, s), sent == 0 ? 0 : Math.round(10.0 * bytes / sent) / 10.0,
                PipelinePhase.per(bytes, s), 1);
        HttpLoad.Counts f = fin.http();
        PhaseResult.Counts counts = new PhaseResult.Counts(f.made(), f.ok(), 0, Map.of("uncertain", f.sent()), f.sent(),
                0, 0, f.ok(), 0, f.positives(), 0, 0, 0, 0, 0, 0);
        long unanswered = Math.max(0, f.made() - f.overflow() - f.answered());
        long failedRequests = f.failed() + f.overflow();
        PhaseResult.Loss loss = new PhaseResult.Loss(drained, unanswered, 0, 0, 0, failedRequests,
                unanswered + failedRequests);
        var histograms = PhaseResult.histograms(book);
        return new PhaseResult(NAME, spec.description(), fleet.devices(), fleet.machines(), fleet.zones(),
                Math.round(spec.devices() * spec.ratePerDevice() * 10) / 10.0, fleet.faults(), t0.toString(),
                spec.warmup().toMillis() / 1000.0, RoleMeter.round(s), t, PhaseResult.summaries(histograms), PhaseResult.byArrival(book), counts, loss,
                o.usage(), PhaseResult.Cost.of(o.usage(), decided, price),
                new PhaseResult.Load(loadBefore, o.loadMean(), o.loadMax()), o.ticks(), o.profile(), histograms);
    }
}
