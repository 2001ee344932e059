package dev.cascade.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.bench.edge.EdgeBench;
import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench edge-local}: sensor to local action latency (window sent to the edge's own command carried out)
 * of the real agent with the real int8 model, first for sensors attached in-process, then for sensors arriving over
 * the local MQTT broker; prints p50/p99/p99.9 of each and writes {@code edge-local.json}. Exit codes: 0 measured,
 * 1 the run failed.
 */
@Command(name = "edge-local", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sensor to local action latency of one edge agent (real int8 model) at a set rate with a share of",
                "faulty machines, for an in-process sensor adapter and for sensors over a local mosquitto; reports",
                "p50/p99/p99.9 of window sent to command carried out, against the 1 ms p99 target of the in-process path."})
public final class EdgeLocalBenchCommand implements Callable<Integer> {
    private static final long TARGET_P99_MICROS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sensors", defaultValue = "100", description = "simulated machines (default: ${DEFAULT-VALUE})")
    int sensors;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "WINDOWS_PER_S",
            description = "windows per second, all sensors together (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--faulty", defaultValue = "0.1",
            description = "share of sensors on a faulty machine; each of their windows makes the edge act (default: ${DEFAULT-VALUE})")
    double faulty;

    @Option(names = "--paths", defaultValue = "in-process,mqtt", split = ",",
            description = "which sensor paths to measure, in order (default: ${DEFAULT-VALUE})")
    List<String> paths;

    @Option(names = "--warm-up", defaultValue = "15s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "not measured, per path (default: ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "45s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured, per path (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for edge-local.json and the brokers' logs (default: reports/edge-local-<time>)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        for (String p : paths) {
            if (!p.equals("in-process") && !p.equals("mqtt")) {
                spec.commandLine().getErr().println("--paths must name in-process and/or mqtt, was " + p);
                return 1;
            }
        }
        Path dir = ReportDir.of(out, "edge-local");
        Path model = Home.dir().resolve("models/default/vibration-anomaly-edge/1");
        try {
            List<EdgeBench.Result> results = new ArrayList<>();
            for (String p : paths) {
                results.add(EdgeBench.run(model, dir.resolve(p), sensors, rate, warmUp, duration, p.equals("mqtt"), faulty, o));
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("targetP99MicrosInProcess", TARGET_P99_MICROS);
            List<Map<String, Object>> runs = new ArrayList<>();
            for (EdgeBench.Result r : results) {
                runs.add(EdgeBench.asMap(r));
            }
            report.put("runs", runs);
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("edge-local.json"), json);
            o.println();
            o.println("| path | windows/s | local actions | p50 us | p99 us | p99.9 us | max us | to decision p50/p99 us"
                    + " | agent CPU (1 core) | load 1m |");
            o.println("|---|---|---|---|---|---|---|---|---|---|");
            for (EdgeBench.Result r : results) {
                o.printf("| %s | %.0f | %d | %d | %d | %d | %d | %d / %d | %.1f %% | %.1f |%n", r.transport(),
                        r.windows() / r.seconds(), r.localActionsMeasured(), r.localActionP50Micros(),
                        r.localActionP99Micros(), r.localActionP999Micros(), r.localActionMaxMicros(),
                        r.actDecisionP50Micros(), r.actDecisionP99Micros(), 100 * r.agentCpuShareOfOneCore(),
                        r.loadAverage1m());
            }
            for (EdgeBench.Result r : results) {
                if (r.transport().equals("in-process")) {
                    o.printf("in-process p99 %d us: target <= %d us %s%n", r.localActionP99Micros(), TARGET_P99_MICROS,
                            r.localActionP99Micros() <= TARGET_P99_MICROS ? "met" : "MISSED");
                }
            }
            o.println("Report: " + dir.resolve("edge-local.json").toAbsolutePath());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench edge-local failed: " + e);
            return 1;
        }
    }
}
