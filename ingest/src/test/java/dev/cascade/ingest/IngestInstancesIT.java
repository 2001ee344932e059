package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.process.JvmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: instances side by side on one shared subscription; one is killed with {@code kill -9} mid-stream
 * and every message the broker acknowledged to the sender still reaches Kafka (once in effect: a copy the
 * killed instance wrote but had not yet acknowledged may be written again, under the same correlation id).
 */
@WithBrokers
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class IngestInstancesIT {
    private static final int MESSAGES = 1200;
    private static final int KILL_AT = 400;
    private static final int MAX_PENDING = 50;

    @Test
    void twoInstances_oneKilledMidStream_everyAcknowledgedMessageReachesKafka(TestBrokers brokers, @TempDir Path dir)
            throws Exception {
        Topics topics = brokers.newTopics();
        List<String> common = List.of(brokers.mqttUri(), brokers.kafkaBootstrap(), topics.namespace());
        try (JvmProcess a = JvmProcess.start("ingest-a", dir, IngestChild.class.getName(), args(common, "ingest-a"));
             JvmProcess b = JvmProcess.start("ingest-b", dir, IngestChild.class.getName(), args(common, "ingest-b"));
             MqttProbe sender = new MqttProbe(brokers.mqttSettings("fleet"))) {
            a.awaitLog("ingest ready", Duration.ofSeconds(90));
            b.awaitLog("ingest ready", Duration.ofSeconds(90));
            for (int i = 0; i < MESSAGES; i++) {
                String device = "dev-" + (i % 12);
                sender.publish(topics.mqtt(Channel.ESCALATIONS, dev.cascade.protocol.window.DeviceId.of(device)),
                        Codecs.escalation().encode(TestMessages.escalation(device, i / 12)));
                if (i == KILL_AT) {
                    a.kill();
                }
                if (i % 50 == 0) {
                    Thread.sleep(20);
                }
            }
            assertThat(a.alive()).isFalse();

            try (KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
                List<ConsumerRecord<String, byte[]>> records = kafka.until(rs -> distinct(rs).size() >= MESSAGES,
                        Duration.ofSeconds(90));
                Map<String, Integer> copies = distinct(records);
                long duplicates = records.size() - copies.size();
                System.out.printf("ingest instances: %d messages sent, %d distinct in Kafka, %d extra copies%n", MESSAGES,
                        copies.size(), duplicates);
                assertThat(copies).as("distinct correlation ids in Kafka; log of b:\n" + b.tail()).hasSize(MESSAGES);
                // Only what the killed instance had in hand (its receive window) may be written twice.
                assertThat(duplicates).isLessThanOrEqualTo(MAX_PENDING);
            }
        }
    }

    private static List<String> args(List<String> common, String id) {
        return List.of(common.get(0), common.get(1), common.get(2), id, String.valueOf(MAX_PENDING));
    }

    private static Map<String, Integer> distinct(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.merge(Codecs.escalation().decode(r.value()).orElseThrow().window().correlationId().value(), 1, Integer::sum);
        }
        return out;
    }
}
