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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench edge}: one edge agent fed by simulated machines through an in-process sensor adapter or over
 * a local mosquitto; prints and writes {@code edge.json}. Exit codes: 0 measured, 1 the run failed.
 */
@Command(name = "edge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one edge agent in this JVM against a mosquitto child process, fed by simulated machines at a",
                "set rate (in-process adapter or MQTT); report its CPU share of one core, memory and local-action latency.",
                "Run with CASCADE_JAVA_OPTS=-Xmx32m to check the memory target."})
public final class EdgeBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sensors", defaultValue = "100", description = "simulated machines (default: ${DEFAULT-VALUE})")
    int sensors;

    @Option(names = "--rate", defaultValue = "97.66", paramLabel = "WINDOWS_PER_S",
            description = "windows per second, all sensors together (default: ${DEFAULT-VALUE}: 100 sensors at 1 kHz in"
                    + " 1,024-sample windows)")
    double rate;

    @Option(names = "--transport", defaultValue = "in-process", description = "in-process or mqtt (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--faulty", defaultValue = "0.1", description = "share of sensors on a faulty machine (default: ${DEFAULT-VALUE})")
    double faulty;

    @Option(names = "--warm-up", defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "not measured (default: ${DEFAULT-VALUE})")
    Duration warmUp;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for edge.json and the broker's log (default: reports/edge-<time>)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (!transport.equals("in-process") && !transport.equals("mqtt")) {
            spec.commandLine().getErr().println("--transport must be in-process or mqtt, was " + transport);
            return 1;
        }
        Path dir = ReportDir.of(out, "edge");
        Path model = Home.dir().resolve("models/default/vibration-anomaly-edge/1");
        try {
            EdgeBench.Result r = EdgeBench.run(model, dir, sensors, rate, warmUp, duration, transport.equals("mqtt"), faulty, o);
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(EdgeBench.asMap(r));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("edge.json"), json);
            o.println(json);
            o.println("Report: " + dir.resolve("edge.json").toAbsolutePath());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench edge failed: " + e);
            return 1;
        }
    }
}
