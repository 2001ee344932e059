package dev.cascade.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.bench.outbox.OutboxSoak;
import dev.cascade.bench.outbox.SoakResult;
import dev.cascade.bench.outbox.SoakSettings;
import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench outbox}: a simulated factory whose edge agent (its own process) loses its uplink, is killed
 * with SIGKILL and restarted meanwhile; then every escalation must reach Kafka. Writes {@code outbox.json}.
 * Exit codes: 0 nothing missing, 1 escalations missing on Kafka.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cut the edge's uplink for --outage, kill -9 the edge once meanwhile and restart it, restore the",
                "link; count escalations on Kafka (distinct and duplicate), local action latency before, during and",
                "after the outage, and uplink bytes against sending every window."})
public final class OutboxBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--machines", defaultValue = "50", description = "simulated machines (default: ${DEFAULT-VALUE})")
    int machines;

    @Option(names = "--faulty", defaultValue = "0.04", description = "share of machines with a bearing fault (default: ${DEFAULT-VALUE})")
    double faulty;

    @Option(names = "--rate", defaultValue = "100", description = "windows per second, whole fleet (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--before", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "link up first (default: ${DEFAULT-VALUE})")
    Duration before;

    @Option(names = "--outage", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "uplink cut (default: ${DEFAULT-VALUE})")
    Duration outage;

    @Option(names = "--kill-after", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "when into the outage the edge is killed (default: half of it)")
    Duration killAfter;

    @Option(names = "--batch", defaultValue = "64", description = "escalations per batch, 1: each alone (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--batch-age", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "the longest an escalation waits for its batch (default: ${DEFAULT-VALUE})")
    Duration batchAge;

    @Option(names = "--deflate", defaultValue = "true", arity = "1", description = "deflate batches (default: ${DEFAULT-VALUE})")
    boolean deflate;

    @Option(names = "--edge-heap", defaultValue = "32m", description = "the edge process's -Xmx (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for outbox.json, the outbox and logs (default: reports/outbox-<time>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = ReportDir.of(out, "outbox");
        Duration kill = killAfter != null ? killAfter : outage.dividedBy(2);
        SoakSettings s = new SoakSettings(machines, faulty, rate, before, outage, kill, Duration.ofMinutes(5), batch, batchAge,
                deflate, heap, dir, Home.dir().resolve("models/default/vibration-anomaly-edge/1"));
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withPort(0));
             EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0))) {
            SoakResult r = new OutboxSoak(s, mqtt.serverUri(), kafka.bootstrapServers(), System.getProperty("java.class.path"),
                    line -> {
                        o.println(line);
                        o.flush();
                    }).run();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("settings", s);
            report.put("result", r);
            report.put("uplinkShare", r.uplinkShare());
            Files.createDirectories(dir);
            new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("outbox.json").toFile(), report);
            o.printf("escalations decided %d, on Kafka %d distinct (%d records, %d duplicates), missing %d%n",
                    r.escalationsDecided(), r.kafkaDistinct(), r.kafkaRecords(), r.duplicates(), r.missing());
            o.printf("local actions before %d (p50 %d us, p99 %d us), during the outage %d (p50 %d us, p99 %d us),"
                    + " after %d (p50 %d us, p99 %d us)%n", r.actionsBefore(), r.actionP50MicrosBefore(),
                    r.actionP99MicrosBefore(), r.actionsOutage(), r.actionP50MicrosOutage(), r.actionP99MicrosOutage(),
                    r.actionsAfter(), r.actionP50MicrosAfter(), r.actionP99MicrosAfter());
            o.printf("uplink bytes %d vs every window %d: %.2f %%; drained in %d ms; load %.1f -> %.1f%n", r.uplinkBytes(),
                    r.everyWindowBytes(), 100 * r.uplinkShare(), r.drainMillis(), r.loadBefore(), r.loadAfter());
            o.println("report: " + dir.resolve("outbox.json"));
            return r.missing() == 0 ? 0 : 1;
        }
    }
}
