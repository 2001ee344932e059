package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.process.MosquittoProcess;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: while Kafka is down and the fleet keeps sending, ingest holds at most its receive window
 * ({@code max-pending}) in memory; the broker keeps the rest; all of it reaches Kafka once Kafka returns.
 */
@WithBrokers
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IngestBackpressureIT {
    private static final int MAX_PENDING = 20;
    private static final int MESSAGES = 300;

    @Test
    void kafkaDown_fleetKeepsSending_ingestHoldsOnlyItsReceiveWindow_thenDeliversEverything(TestBrokers brokers,
                                                                                             @TempDir Path dir)
            throws Exception {
        Topics topics = brokers.newTopics();
        try (MosquittoProcess mosquitto = MosquittoProcess.start(dir, 0, false)) {
            run(brokers, topics, mosquitto.serverUri());
        }
    }

    private static void run(TestBrokers brokers, Topics topics, String mqttUri) throws Exception {
        IngestConfig cfg = IngestConfig.defaults(mqttUri, brokers.kafkaBootstrap(), topics)
                .withInstanceId("ingest-bp").withMaxPending(MAX_PENDING);
        try (IngestBridge bridge = IngestBridge.start(cfg); MqttProbe fleet = new MqttProbe(MqttSettings.of(mqttUri, "fleet"))) {
            brokers.kafka().stop();
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    String device = "bp-" + (i % 5);
                    fleet.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of(device)),
                            Codecs.escalation().encode(TestMessages.escalation(device, i / 5)));
                }
                awaitReceived(bridge, MAX_PENDING);
                long maxSeen = 0;
                for (int probe = 0; probe < 20; probe++) {
                    maxSeen = Math.max(maxSeen, bridge.stats().received());
                    Thread.sleep(100);
                }
                assertThat(maxSeen).as("messages taken from the broker while Kafka is down").isEqualTo(MAX_PENDING);
                assertThat(bridge.stats().pending()).isEqualTo(MAX_PENDING);
                assertThat(bridge.stats().acknowledged()).isZero();
            } finally {
                brokers.kafka().start();
            }
            try (KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
                List<ConsumerRecord<String, byte[]>> records = kafka.atLeast(MESSAGES, Duration.ofSeconds(90));
                Set<String> ids = new HashSet<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    ids.add(Codecs.escalation().decode(r.value()).orElseThrow().window().correlationId().value());
                }
                assertThat(ids).hasSize(MESSAGES);
                assertThat(records).hasSize(MESSAGES);
            }
        }
    }

    private static void awaitReceived(IngestBridge bridge, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (bridge.stats().received() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
