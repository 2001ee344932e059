package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.ModelCatalog;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.protocol.window.SensorKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One {@code cascade bench pipeline} run: waits for a quiet machine, lets the JIT warm up (unreported), then runs the
 * main phase, the baselines and the sweep one after the other, each on fresh in-process brokers (or the external ones),
 * and returns the report.
 */
final class BenchRun {
    static final String CASCADE = "cascade";
    static final String ALL_TO_CLOUD = "all-to-cloud";
    static final String HTTP = HttpPhase.NAME;
    static final String REPORT = "bench.json";
    /** The rate of the JIT warm-up phase (at most): well below what the pipeline sustains on 2 cores. */
    static final double PREWARM_RATE = 500;

    private BenchRun() {}

    static BenchReport run(BenchPlan plan, java.util.Optional<ProcessLayout> processes, String commandLine,
                           PrintWriter out) throws IOException, ModelBundleException, InterruptedException {
        MachineInfo machine = MachineInfo.read();
        ModelCatalog catalog = ModelCatalog.scan(plan.models());
        if (!catalog.edge().containsKey(SensorKind.VIBRATION) || !catalog.cloud().containsKey(SensorKind.VIBRATION)) {
            throw new ModelBundleException(plan.models(), "needs an edge (.tflite) and a cloud (.onnx) vibration model, found "
                    + catalog);
        }
        int soilFrames = catalog.edge().containsKey(SensorKind.SOIL) && catalog.cloud().containsKey(SensorKind.SOIL)
                ? ModelBundle.load(catalog.edge().get(SensorKind.SOIL)).manifest().features().windowSize() : 0;
        double waited = waitForQuiet(plan, out);
        double loadBefore = MachineInfo.loadAverage();
        String startedAt = Instant.now().toString();
        out.printf(Locale.ROOT, "cascade bench pipeline on %d CPUs (%s), %s; load average %.2f%n", machine.cpus(),
                machine.cpuModel(), machine.jvm(), loadBefore);
        out.flush();

        Map<String, PhaseResult> phases = new LinkedHashMap<>();
        List<PhaseResult> sweep = new ArrayList<>();
        String runId = Integer.toHexString(0x10000 + ThreadLocalRandom.current().nextInt(0xF0000));
        BenchContext ctx = new BenchContext(plan, catalog, soilFrames, runId, out);
        String farm = ctx.farm() ? " and soil zones" : "";
        if (processes.isPresent()) {
            if (!plan.baselines().isEmpty() || !plan.sweep().isEmpty() || !plan.prewarm().isZero()) {
                out.println("layout processes: only the Cascade phase runs (baselines, sweep and prewarm need the one-JVM"
                        + " layout; each phase's role JVMs start afresh, so the warm-up is what lets their JIT settle)");
            }
            phases.put(CASCADE, ProcessesPhase.run(spec(plan, CASCADE, plan.devices(), plan.duration(),
                    "Cascade, each part in its own process: mosquitto, Kafka (own JVM), edge, ingest, infer, actuate"
                            + (processes.get().dashboard() ? ", dashboard" : "") + " (own JVMs, example files); the"
                            + " simulated machines" + farm + " and the harness in the benchmark's JVM",
                    EscalationPolicy.defaults()), ctx, processes.get()));
            return BenchReport.of(commandLine, startedAt, Instant.now().toString(), machine, loadBefore, waited, plan,
                    Layout.PROCESSES, phases, sweep);
        }
        if (!plan.prewarm().isZero()) {
            // Not reported: lets the JIT compile the hot paths before anything is measured (on 2 cores it takes minutes).
            double rate = Math.min(plan.rate(), PREWARM_RATE);
            PipelinePhase.run(new PipelinePhase.Spec("prewarm", "JIT warm-up, not reported: Cascade at "
                    + String.format(Locale.ROOT, "%.0f", rate) + " windows/s", plan.devices(), rate / plan.devices(),
                    plan.faultsPerMinute(), Duration.ZERO, plan.prewarm(), EscalationPolicy.defaults()), ctx);
        }
        phases.put(CASCADE, PipelinePhase.run(spec(plan, CASCADE, plan.devices(), plan.duration(),
                "Cascade: the edge decides when its int8 model is sure and escalates the rest; machines" + farm
                        + " over MQTT, ingest to Kafka, micro-batched ONNX in the cloud, commands back over MQTT",
                EscalationPolicy.defaults()), ctx));
        if (plan.baselines().contains(BenchPlan.Baseline.ALL_TO_CLOUD)) {
            phases.put(ALL_TO_CLOUD, PipelinePhase.run(spec(plan, ALL_TO_CLOUD, plan.devices(), plan.duration(),
                    "baseline (a): the same pipeline but the edge decides nothing: every window is escalated and "
                            + "decided in the cloud (the edge model still runs; its score is ignored)",
                    PipelinePhase.escalateEverything()), ctx));
        }
        if (plan.baselines().contains(BenchPlan.Baseline.HTTP)) {
            phases.put(HTTP, HttpPhase.run(spec(plan, HTTP, plan.devices(), plan.duration(),
                    "baseline (b): one HTTP POST per window to a server running the cloud model "
                            + "per request (" + plan.httpConcurrency() + " threads, no batching), same windows and rate",
                    EscalationPolicy.defaults()), ctx));
        }
        for (int n : plan.sweep()) {
            sweep.add(PipelinePhase.run(spec(plan, "sweep-" + n, n, plan.sweepDuration(),
                    "sweep point: Cascade with " + n + " devices at " + String.format(Locale.ROOT, "%.3g",
                            plan.ratePerDevice()) + " windows/s each", EscalationPolicy.defaults()), ctx));
        }
        return BenchReport.of(commandLine, startedAt, Instant.now().toString(), machine, loadBefore, waited, plan,
                Layout.ONE_JVM, phases, sweep);
    }

    private static PipelinePhase.Spec spec(BenchPlan plan, String name, int devices, Duration duration, String description,
                                           EscalationPolicy policy) {
        double faults = plan.faultsPerMinute() * devices / plan.devices();
        return new PipelinePhase.Spec(name, description, devices, plan.ratePerDevice(), faults, plan.warmup(), duration,
                policy);
    }

    /** Sleeps while the 1-minute load average is above the plan's maximum (up to its wait); returns seconds waited. */
    private static double waitForQuiet(BenchPlan plan, PrintWriter out) throws InterruptedException {
        if (plan.maxLoad() <= 0) {
            return 0;
        }
        long t0 = System.nanoTime();
        long deadline = t0 + plan.maxLoadWait().toNanos();
        double load;
        while ((load = MachineInfo.loadAverage()) > plan.maxLoad() && System.nanoTime() < deadline) {
            out.printf(Locale.ROOT, "waiting for a quieter machine: load average %.2f > %.2f%n", load, plan.maxLoad());
            out.flush();
            Thread.sleep(15_000);
        }
        if (load > plan.maxLoad()) {
            out.printf(Locale.ROOT, "measuring anyway after %s: load average %.2f > %.2f (recorded in the report)%n",
                    plan.maxLoadWait(), load, plan.maxLoad());
        }
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }
}
