package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
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
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withInstanceId("ingest-order");
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            // Some windows are written before the outage, so the producer knows the topic's partitions.
            for (int d = 0; d < DEVICES; d++) {
                Escalation e = TestMessages.escalation("m-" + d, 0);
                edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
            }
            awaitAcknowledged(bridge, DEVICES);
            brokers.kafka().stop();
            try {
                for (int seq = 1; seq < PER_DEVICE; seq++) {
                    for (int d = 0; d < DEVICES; d++) {
                        Escalation e = TestMessages.escalation("m-" + d, seq);
                        edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (bridge.stats().kafkaRetries() < DEVICES && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(bridge.stats().kafkaRetries()).isGreaterThanOrEqualTo(DEVICES);
            } finally {
                brokers.kafka().start();
            }
            awaitAcknowledged(bridge, DEVICES * PER_DEVICE);
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
