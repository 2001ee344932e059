package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 11: each device's escalations keep their order in Kafka through failed writes and a Kafka outage. */
@WithBrokers
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IngestOrderIT {
    private static final int DEVICES = 6;
    private static final int PER_DEVICE = 8;

    @Test
    void numberedWindowsOfManyDevices_throughAKafkaOutage_arriveInEachDevicesOrder(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        DeviceId gateway = DeviceId.of("gw-order");
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withInstanceId("ingest-order")
                .withGatewayDevices(GatewayDevices.of(gateway, "m-"));
        // Kafka is down before ingest first writes: each send fails (no metadata) and must be retried, while
        // a gateway's batches put several windows of each device in ingest's hands at once.
        brokers.kafka().stop();
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("gw"))) {
            try {
                for (int b = 0; b < PER_DEVICE / 2; b++) {
                    List<Escalation> batch = new ArrayList<>();
                    for (int seq = 2 * b; seq < 2 * b + 2; seq++) {
                        for (int d = 0; d < DEVICES; d++) {
                            batch.add(TestMessages.escalation("m-" + d, seq));
                        }
                    }
                    edge.publish(topics.mqtt(Channel.ESCALATION_BATCHES, gateway),
                            Codecs.escalationBatch().encode(new EscalationBatch(gateway, batch)));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (bridge.stats().kafkaRetries() < 2L * DEVICES && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(bridge.stats().kafkaRetries()).isGreaterThanOrEqualTo(2L * DEVICES);
            } finally {
                brokers.kafka().start();
            }
            awaitAcknowledged(bridge, PER_DEVICE / 2);
        }
        try (KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
            kafka.atLeast(DEVICES * PER_DEVICE, Duration.ofSeconds(30));
            Map<String, List<Long>> sequences = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> r : kafka.drain(Duration.ofSeconds(1))) {
                sequences.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(Codecs.escalation().decode(r.value()).orElseThrow().window().sequence());
            }
            List<Long> expected = LongStream.range(0, PER_DEVICE).boxed().toList();
            assertThat(sequences).hasSize(DEVICES);
            sequences.forEach((device, seqs) -> assertThat(seqs).as(device).isEqualTo(expected));
        }
    }

    private static void awaitAcknowledged(IngestBridge bridge, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (bridge.stats().acknowledged() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bridge.stats().acknowledged()).isEqualTo(n);
    }
}
