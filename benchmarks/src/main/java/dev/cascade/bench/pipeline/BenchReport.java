package dev.cascade.bench.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The result of one {@code cascade bench pipeline} run: every phase, the ratios to the baselines of the same
 * run; as JSON. How the figures read against the project's targets is in docs/BENCHMARKS.md, not here.
 *
 * @param commandLine the arguments the run was started with
 * @param startedAt when the run started (UTC)
 * @param finishedAt when it finished
 * @param machine the machine
 * @param loadBeforeRun the 1-minute load average when the run started (after any wait for a quiet machine)
 * @param waitedForQuietSeconds how long the run waited for the load to fall below {@code plan.maxLoad}
 * @param plan the settings
 * @param phases the main phase and the baselines, by name
 * @param sweep the throughput-vs-devices points
 * @param comparisons each baseline figure over Cascade's from the same run
 * @param lost everything lost in every phase
 */
record BenchReport(String commandLine, String startedAt, String finishedAt, MachineInfo machine, double loadBeforeRun,
                   double waitedForQuietSeconds, Map<String, Object> plan, Map<String, PhaseResult> phases,
                   List<PhaseResult> sweep, List<Comparison> comparisons, long lost) {

    /** A figure of a baseline beside Cascade's: {@code ratio = baseline / cascade}. */
    record Comparison(String figure, String baseline, double cascade, double baselineValue, double ratio, String unit) {}

    /** Builds the comparisons from the phases. */
    static BenchReport of(String commandLine, String startedAt, String finishedAt, MachineInfo machine, double loadBefore,
                          double waited, BenchPlan plan, Layout layout, Map<String, PhaseResult> phases,
                          List<PhaseResult> sweep) {
        long lost = 0;
        for (PhaseResult p : phases.values()) {
            lost += p.loss().lost();
        }
        for (PhaseResult p : sweep) {
            lost += p.loss().lost();
        }
        Map<String, Object> planMap = planMap(plan);
        planMap.put("layout", layout.label());
        if (layout == Layout.PROCESSES) {
            planMap.put("brokers", "mosquitto and Kafka KRaft, each its own process");
        }
        return new BenchReport(commandLine, startedAt, finishedAt, machine, loadBefore, waited, planMap, phases,
                sweep, comparisons(phases), lost);
    }

    private static Map<String, Object> planMap(BenchPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", p.devices());
        m.put("rate", p.rate());
        m.put("ratePerDevice", p.ratePerDevice());
        m.put("warmupSeconds", p.warmup().toMillis() / 1000.0);
        m.put("durationSeconds", p.duration().toMillis() / 1000.0);
        m.put("models", p.models().toAbsolutePath().toString());
        m.put("brokers", p.inProcessBrokers() ? "in-process (HiveMQ CE, Kafka KRaft)"
                : p.mqttUri().orElse("") + " + " + p.kafkaBootstrap().orElse(""));
        m.put("sweep", p.sweep());
        m.put("sweepDurationSeconds", p.sweepDuration().toMillis() / 1000.0);
        m.put("faultsPerMinute", p.faultsPerMinute());
        m.put("actionCooldownSeconds", p.actionCooldown().toMillis() / 1000.0);
        m.put("farmShare", p.farmShare());
        List<String> b = new ArrayList<>();
        p.baselines().stream().sorted().forEach(x -> b.add(x.label()));
        m.put("baselines", b);
        m.put("httpConcurrency", p.httpConcurrency());
        m.put("edgeWorkers", p.edgeWorkers());
        m.put("cloudWorkers", p.cloudWorkers());
        m.put("partitions", p.partitions());
        m.put("maxBatch", p.maxBatch());
        m.put("simWorkers", p.simWorkers());
        m.put("simConnections", p.simConnections());
        m.put("seed", p.seed());
        m.put("instance", p.price());
        m.put("maxLoad", p.maxLoad());
        m.put("jfr", p.jfr());
        m.put("prewarmSeconds", p.prewarm().toMillis() / 1000.0);
        return m;
    }

    private static List<Comparison> comparisons(Map<String, PhaseResult> phases) {
        List<Comparison> out = new ArrayList<>();
        PhaseResult c = phases.get(BenchRun.CASCADE);
        if (c == null) {
            return out;
        }
        PhaseResult a = phases.get(BenchRun.ALL_TO_CLOUD);
        if (a != null) {
            String n = a.name();
            add(out, "uplink bytes per second", n, c, a, p -> p.throughput().uplinkBytesPerSecond(), "B/s");
            add(out, "windows scored by the cloud per second", n, c, a, p -> p.throughput().cloudInferredPerSecond(), "1/s");
            add(out, "windows decided per second", n, c, a, p -> p.throughput().decidedPerSecond(), "1/s");
            add(out, "cloud-side CPU", n, c, a, p -> p.cost().cloudSideCores(), "cores");
            add(out, "cloud-side cost per 1M decided windows", n, c, a, p -> p.cost().cloudSideDollarsPerMillion(), "$");
            add(out, "pipeline cost per 1M decided windows", n, c, a, p -> p.cost().dollarsPerMillion(), "$");
            latency(out, n, c, a, LatencyKind.CLOUD_ACK);
            latency(out, n, c, a, LatencyKind.VERDICT);
        }
        PhaseResult b = phases.get(BenchRun.HTTP);
        if (b != null) {
            String n = b.name();
            add(out, "windows decided per second", n, c, b, p -> p.throughput().decidedPerSecond(), "1/s");
            add(out, "uplink bytes per second", n, c, b, p -> p.throughput().uplinkBytesPerSecond(), "B/s");
            add(out, "pipeline CPU per decided window", n, c, b, p -> p.cost().coreMillisPerWindow(), "core-ms");
            add(out, "pipeline cost per 1M decided windows", n, c, b, p -> p.cost().dollarsPerMillion(), "$");
            add(out, "cloud-side cost per 1M decided windows", n, c, b, p -> p.cost().cloudSideDollarsPerMillion(), "$");
            latency(out, n, c, b, LatencyKind.VERDICT);
            LatencyBook.Summary edge = c.latency(LatencyKind.EDGE_ACTION);
            LatencyBook.Summary http = b.latency(LatencyKind.VERDICT);
            if (edge.count() > 0 && http.count() > 0) {
                out.add(comparison("sensor to decision at the device p99 (Cascade: edge action; baseline: HTTP verdict)",
                        n, edge.p99(), http.p99(), "ms"));
            }
        }
        return out;
    }

    private static void latency(List<Comparison> out, String baseline, PhaseResult c, PhaseResult b, LatencyKind k) {
        LatencyBook.Summary lc = c.latency(k);
        LatencyBook.Summary lb = b.latency(k);
        if (lc.count() == 0 || lb.count() == 0) {
            return;
        }
        String key = PhaseResult.key(k);
        out.add(comparison(key + " p50", baseline, lc.p50(), lb.p50(), "ms"));
        out.add(comparison(key + " p99", baseline, lc.p99(), lb.p99(), "ms"));
    }

    private static void add(List<Comparison> out, String figure, String baseline, PhaseResult c, PhaseResult b,
                            ToDoubleFunction<PhaseResult> f, String unit) {
        out.add(comparison(figure, baseline, f.applyAsDouble(c), f.applyAsDouble(b), unit));
    }

    private static Comparison comparison(String figure, String baseline, double cascade, double base, String unit) {
        double ratio = cascade == 0 || Double.isNaN(cascade) || Double.isNaN(base) ? Double.NaN
                : Math.round(base / cascade * 1000) / 1000.0;
        return new Comparison(figure, baseline, cascade, base, ratio, unit);
    }

    /** Writes the report as indented JSON (NaN as null), atomically. */
    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        mapper().writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ObjectMapper mapper() {
        JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || v.isNaN() || v.isInfinite()) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        };
        SimpleModule m = new SimpleModule();
        m.addSerializer(Double.class, nanAsNull);
        m.addSerializer(double.class, nanAsNull);
        return new ObjectMapper().registerModule(m).enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** A few lines for people. */
    String summary() {
        StringBuilder s = new StringBuilder();
        for (PhaseResult p : phases.values()) {
            s.append(line(p)).append('\n');
        }
        for (PhaseResult p : sweep) {
            s.append(line(p)).append('\n');
        }
        for (PhaseResult p : phases.values()) {
            if (!p.processes().isEmpty()) {
                s.append("Processes of ").append(p.name()).append(" (start-to-ready; CPU over the measured interval; RSS):\n");
                p.processes().forEach((role, u) -> s.append(String.format(Locale.ROOT,
                        "  %-9s pid %-7d ready %7.0f ms  %5.2f cores  RSS %6.1f -> %6.1f MiB (peak %6.1f)%n", role, u.pid(),
                        u.startToReadyMs(), u.cores(), u.rssStartMiB(), u.rssEndMiB(), u.rssPeakMiB())));
            }
        }
        for (PhaseResult p : phases.values()) {
            if (p.profile() != null && p.profile().samples() > 0) {
                s.append("JFR samples of ").append(p.name()).append(" by role (").append(p.profile().file()).append("):\n");
                p.profile().roles().entrySet().stream().limit(6).forEach(e -> s.append(String.format(Locale.ROOT,
                        "  %-45s %5.1f%%  %s%n", e.getKey(), 100 * e.getValue().share(), e.getValue().topFrames().keySet()
                                .stream().limit(3).reduce((x, y) -> x + ", " + y).orElse(""))));
            }
        }
        if (!comparisons.isEmpty()) {
            s.append("Baselines (ratio = baseline / Cascade):\n");
            for (Comparison c : comparisons) {
                s.append(String.format(Locale.ROOT, "  %-16s %-70s Cascade %.4g, baseline %.4g %s, ratio %.3g%n",
                        c.baseline(), c.figure(), c.cascade(), c.baselineValue(), c.unit(), c.ratio()));
            }
        }
        return s.toString();
    }

    private static String line(PhaseResult p) {
        PhaseResult.Throughput t = p.throughput();
        LatencyBook.Summary e2e = p.latency(LatencyKind.CLOUD_ACK);
        LatencyBook.Summary v = p.latency(LatencyKind.VERDICT);
        LatencyBook.Summary edge = p.latency(LatencyKind.EDGE_ACTION);
        return String.format(Locale.ROOT, "%-18s %6d devices: %6.0f/s in, %6.0f/s decided (edge %4.1f%%), uplink %7.1f kB/s, "
                        + "e2e ack p50/p99 %s/%s ms, verdict p50/p99 %s/%s ms, edge action p99 %s ms, %.0f commands/min, "
                        + "pipeline %.2f cores, $%.4f per 1M (cloud side $%.4f); lost %d%s",
                p.name(), p.devices(), t.windowsInPerSecond(), t.decidedPerSecond(), 100 * t.edgeShare(),
                t.uplinkBytesPerSecond() / 1000, f(e2e.count(), e2e.p50()), f(e2e.count(), e2e.p99()), f(v.count(), v.p50()),
                f(v.count(), v.p99()), f(edge.count(), edge.p99()), t.commandsPerMinute(), p.cost().pipelineCores(),
                p.cost().dollarsPerMillion(), p.cost().cloudSideDollarsPerMillion(), p.loss().lost(),
                p.loss().drained() ? "" : " (not drained)");
    }

    private static String f(long count, double v) {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
