package dev.cascade.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.bench.ingest.IngestBench;
import dev.cascade.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench ingest}: ingest against a bare MQTT subscriber on the same broker, same run. Writes
 * {@code ingest.json}. Exit codes: 0 measured, 1 failed, 2 bad option.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"QoS 1 throughput of the ingest role beside a bare MQTT subscriber on the same broker (mosquitto,",
                "optionally the embedded HiveMQ CE), for each payload size, then MQTT arrival to Kafka acknowledgement",
                "latency at a paced rate. Kafka runs as its own JVM (--kafka in-process: in this one)."})
public final class IngestBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--messages", defaultValue = "20000", description = "messages per throughput run (default: ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--payload", split = ",", defaultValue = "200,4096", paramLabel = "BYTES",
            description = "escalation sizes in bytes (default: ${DEFAULT-VALUE})")
    List<Integer> payloads;

    @Option(names = "--rate", defaultValue = "1000", description = "messages per second of the latency run (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--latency-duration", defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "length of the latency run after 3 s of warm-up (default: ${DEFAULT-VALUE})")
    Duration latencyDuration;

    @Option(names = "--window", defaultValue = "1000",
            description = "QoS 1 messages in flight: the publisher's window and both subscribers' receive maximum (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--hivemq", description = "also measure against the embedded HiveMQ CE")
    boolean hivemq;

    @Option(names = "--kafka", defaultValue = "process", paramLabel = "process|in-process",
            description = "Kafka as its own JVM, as deployed, or in this JVM beside ingest (default: ${DEFAULT-VALUE})")
    String kafka;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for ingest.json and broker logs (default: reports/ingest-<time>)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = ReportDir.of(out, "ingest");
        if (!kafka.equals("process") && !kafka.equals("in-process")) {
            spec.commandLine().getErr().println("--kafka must be process or in-process, was " + kafka);
            return 2;
        }
        try {
            Files.createDirectories(dir);
            IngestBench.Report r = IngestBench.run(new IngestBench.Plan(messages, payloads, rate, latencyDuration, hivemq,
                    window, kafka.equals("in-process")), dir, o);
            Path json = dir.resolve("ingest.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
            o.println("Report: " + json.toAbsolutePath());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("interrupted");
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench ingest failed: " + e);
            return 1;
        }
    }
}
