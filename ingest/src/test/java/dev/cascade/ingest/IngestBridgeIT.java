package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@WithBrokers
class IngestBridgeIT {

    @Test
    void escalations_arriveInKafka_keyedByDevice_withTheirCorrelationId(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        List<Escalation> sent = new ArrayList<>();
        try (IngestBridge bridge = IngestBridge.start(IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"));
             KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
            for (int i = 0; i < 20; i++) {
                Escalation e = TestMessages.escalation("m-" + (i % 4), i);
                sent.add(e);
                edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
            }

            List<ConsumerRecord<String, byte[]>> got = kafka.atLeast(20, Duration.ofSeconds(30));

            assertThat(got).hasSize(20);
            for (ConsumerRecord<String, byte[]> r : got) {
                Escalation e = Codecs.escalation().decode(r.value()).orElseThrow();
                assertThat(r.key()).isEqualTo(e.window().deviceId().value());
                assertThat(new String(r.headers().lastHeader(Headers.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                        .isEqualTo(e.window().correlationId().value());
            }
            assertThat(got.stream().map(r -> Codecs.escalation().decode(r.value()).orElseThrow()).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(sent));
            awaitAcknowledged(bridge, 20);
            assertThat(bridge.stats().pending()).isZero();
        }
    }

    @Test
    void batch_isSplitIntoOneRecordPerEscalation(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        EscalationBatch batch = new EscalationBatch(DeviceId.of("gw-1"), List.of(
                TestMessages.escalation("m-1", 1), TestMessages.escalation("m-2", 1), TestMessages.escalation("m-1", 2)));
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics)
                .withGatewayDevices(GatewayDevices.of(DeviceId.of("gw-1"), "m-"));
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("gw"));
             KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
            edge.publish(topics.mqtt(Channel.ESCALATION_BATCHES, DeviceId.of("gw-1")), Codecs.escalationBatch().encode(batch));

            List<ConsumerRecord<String, byte[]>> got = kafka.atLeast(3, Duration.ofSeconds(30));

            assertThat(got).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("m-1", "m-2", "m-1");
            awaitAcknowledged(bridge, 1);
            assertThat(bridge.stats().written()).isEqualTo(3);
        }
    }

    @Test
    void malformedAndForeignMessages_goToTheDeadLetterTopicWithTheirReason_andTheBridgeKeepsGoing(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        try (IngestBridge bridge = IngestBridge.start(IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"));
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("dlq"), topics.kafka(Channel.DEAD_LETTER));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), "not cbor at all".getBytes(StandardCharsets.UTF_8));
            Escalation spoofed = TestMessages.escalation("m-2", 1);
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(spoofed));
            Escalation fine = TestMessages.escalation("m-1", 2);
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(fine));

            List<ConsumerRecord<String, byte[]>> letters = dead.atLeast(2, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> passed = good.atLeast(1, Duration.ofSeconds(30));

            assertThat(letters).extracting(r -> header(r, Headers.REJECT_REASON))
                    .containsExactlyInAnyOrder("malformed", "unauthorized");
            assertThat(letters).extracting(r -> header(r, Headers.REJECT_DETAIL))
                    .anySatisfy(d -> assertThat(d).isEqualTo("window.deviceId m-2 must match the topic's device m-1"));
            assertThat(letters).extracting(r -> header(r, Headers.SOURCE))
                    .allSatisfy(s -> assertThat(s).isEqualTo("mqtt:" + topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1"))));
            assertThat(passed).hasSize(1);
            awaitAcknowledged(bridge, 3);
            assertThat(bridge.stats().deadLettered()).isEqualTo(2);
        }
    }

    @Test
    void kafkaOutage_messagesStayUnacknowledged_andArriveExactlyOnceWhenKafkaReturns(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withInstanceId("ingest-outage");
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            brokers.kafka().stop();
            try {
                for (int i = 0; i < 10; i++) {
                    Escalation e = TestMessages.escalation("m-" + i, i);
                    edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
                }
                // HiveMQ hands a client its next messages once its in-flight ones are acknowledged, so
                // during the outage the rest wait at the broker; nothing may be acknowledged meanwhile.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (bridge.stats().received() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(3000);
                assertThat(bridge.stats().received()).isPositive();
                assertThat(bridge.stats().acknowledged()).isZero();
                assertThat(bridge.stats().kafkaRetries()).isPositive();
            } finally {
                brokers.kafka().start();
            }
            awaitAcknowledged(bridge, 10);
        }
        try (KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
            kafka.atLeast(10, Duration.ofSeconds(30));
            assertThat(kafka.drain(Duration.ofSeconds(2))).hasSize(10);
        }
    }

    @Test
    void bridgeStoppedWithUnwrittenMessages_resumedInstanceWritesThem(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withInstanceId("ingest-resume");
        try (MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            IngestBridge first = IngestBridge.start(cfg);
            brokers.kafka().stop();
            try {
                for (int i = 0; i < 5; i++) {
                    Escalation e = TestMessages.escalation("m-" + i, i);
                    edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (first.stats().received() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(first.stats().pending()).isPositive();
                assertThat(first.stats().acknowledged()).isZero();
                first.close();
            } finally {
                brokers.kafka().start();
            }
            // Published while no instance is connected: the broker queues it for the persistent session.
            Escalation late = TestMessages.escalation("m-late", 9);
            edge.publish(topics.mqtt(Channel.ESCALATIONS, late.window().deviceId()), Codecs.escalation().encode(late));

            try (IngestBridge resumed = IngestBridge.start(cfg);
                 KafkaProbe kafka = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.ESCALATIONS))) {
                kafka.atLeast(6, Duration.ofSeconds(30));
                assertThat(kafka.drain(Duration.ofSeconds(2))).extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrder("m-0", "m-1", "m-2", "m-3", "m-4", "m-late");
                awaitAcknowledged(resumed, 6);
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void awaitAcknowledged(IngestBridge bridge, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bridge.stats().acknowledged() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bridge.stats().acknowledged()).isEqualTo(n);
    }
}
