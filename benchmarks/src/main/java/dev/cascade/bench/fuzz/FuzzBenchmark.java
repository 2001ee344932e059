package dev.cascade.bench.fuzz;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.logging.Logging;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The fuzz run at scale: {@code FuzzBenchmark [payloads] [edge-model-dir] [seed] [publish-budget-seconds]} starts in-process brokers,
 * pushes the payloads (four fifths windows to the edge agent, one fifth escalations to the ingest bridge) through
 * them, and prints counts by category and by
 * reason; exits 1 if a worker died or a payload is unaccounted for.
 */
public final class FuzzBenchmark {
    private FuzzBenchmark() {}

    public static void main(String[] args) throws Exception {
        Logging.install();
        long payloads = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path model = Path.of(args.length > 1 ? args[1] : "models/default/vibration-anomaly-edge/1");
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        Duration budget = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 3600);
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
             EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults())) {
            Topics topics = new Topics("fuzz");
            TopicProvisioner.ensure(KafkaSettings.of(kafka.bootstrapServers(), "fuzz-provisioner"), topics, 2, (short) 1);
            FuzzRun.Result r = FuzzRun.run(mqtt.serverUri(), kafka.bootstrapServers(), topics, model, payloads / 5 * 4,
                    seed, budget, Duration.ofMinutes(10));
            System.out.printf("payloads: %d windows, %d escalations in %.1f s (%.0f payloads/s)%n", r.windows(),
                    r.escalations(), r.seconds(), (r.windows() + r.escalations()) / r.seconds());
            System.out.println("windows made by category: " + r.windowsMade());
            System.out.println("edge: received " + r.edge().windows() + ", decided " + r.decisions() + " (valid "
                    + r.validDecided() + " of " + r.windowsMade().get(Category.VALID)
                    + "), refused " + r.edge().rejected() + ", escalated " + r.edge().escalatedTotal()
                    + ", worker restarts " + r.edge().workerRestarts() + ", problems " + r.edgeProblems());
            System.out.println("edge refusals by reason: " + nonZero(r.edge().rejectedByReason()));
            System.out.println("edge refusals expected by reason: " + r.expectedEdgeRefusals()
                    + "; beyond them (random, truncated, bit flips): " + r.unexpectedEdgeRefusals());
            System.out.println("escalations made by category: " + r.escalationsMade());
            System.out.println("ingest: " + r.ingest() + " (received = fuzz escalations + the edge's own "
                    + r.edge().uplinkMessages() + " uplink messages)");
            System.out.println("ingest refusals by reason: " + nonZero(r.ingestRejections()));
            boolean ok = r.edgeProblems().isEmpty() && r.edge().workerRestarts() == 0
                    && r.decisions() + r.edge().rejected() == r.windows()
                    && r.validDecided() == r.windowsMade().get(Category.VALID)
                    && r.ingest().received() == r.escalations() + r.edge().uplinkMessages()
                    && r.ingest().written() + r.ingest().deadLettered() == r.ingest().received()
                    && r.edge().rejectedByReason().get(RejectReason.INTERNAL_ERROR) == 0;
            System.out.println(ok ? "OK: no crashed worker, every payload accounted for" : "FAILED");
            System.exit(ok ? 0 : 1);
        }
    }

    private static Map<RejectReason, Long> nonZero(Map<RejectReason, Long> m) {
        Map<RejectReason, Long> out = new java.util.EnumMap<>(RejectReason.class);
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
