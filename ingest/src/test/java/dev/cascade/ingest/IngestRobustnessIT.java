package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.RejectReason;
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
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Poison messages, per-window rights and stalls, against the real brokers (issue 9). */
@WithBrokers
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IngestRobustnessIT {

    @Test
    void oversizeBatch_isDeadLetteredTruncatedWithItsSizeAndDigest_andLaterMessagesStillPass(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        byte[] oversize = new byte[Codecs.MAX_BATCH_BYTES + 32 * 1024];
        java.util.Arrays.fill(oversize, (byte) 0x42);
        try (IngestBridge bridge = IngestBridge.start(config(brokers, topics, "ingest-oversize"));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("gw"));
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("dlq"), topics.kafka(Channel.DEAD_LETTER));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            edge.publish(topics.mqtt(Channel.ESCALATION_BATCHES, DeviceId.of("gw-1")), oversize);
            Escalation fine = TestMessages.escalation("m-1", 1);
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(fine));

            ConsumerRecord<String, byte[]> letter = dead.atLeast(1, Duration.ofSeconds(30)).get(0);
            List<ConsumerRecord<String, byte[]>> passed = good.atLeast(1, Duration.ofSeconds(30));

            assertThat(header(letter, Headers.REJECT_REASON)).isEqualTo("oversize");
            assertThat(letter.value()).hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
            assertThat(header(letter, DeadLetters.ORIGINAL_SIZE)).isEqualTo(Integer.toString(oversize.length));
            assertThat(header(letter, DeadLetters.ORIGINAL_SHA256)).hasSize(64);
            assertThat(passed).extracting(ConsumerRecord::key).containsExactly("m-1");
            awaitAcknowledged(bridge, 2);
            assertThat(bridge.stats().pending()).isZero();
            assertThat(bridge.rejections().get(RejectReason.OVERSIZE)).isEqualTo(1);
        }
    }

    @Test
    void packetLargerThanTheBrokerMaximum_isRefusedByTheBroker_andIngestKeepsWorking(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        byte[] huge = new byte[17 * 1024 * 1024];
        // A plain client without automatic reconnect: the broker disconnects it for the oversized packet.
        MqttClient poisoner = new MqttClient(brokers.mqttUri(), "poisoner-" + System.nanoTime(), new MemoryPersistence());
        try (IngestBridge bridge = IngestBridge.start(config(brokers, topics, "ingest-packet"));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            MqttConnectionOptions o = new MqttConnectionOptions();
            poisoner.connect(o);
            MqttMessage m = new MqttMessage(huge);
            m.setQos(1);
            assertThatThrownBy(() -> poisoner.publish(topics.mqtt(Channel.ESCALATION_BATCHES, DeviceId.of("gw-1")), m))
                    .isInstanceOf(MqttException.class);
            assertThat(poisoner.isConnected()).isFalse();

            try (MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
                Escalation fine = TestMessages.escalation("m-1", 1);
                edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(fine));
                assertThat(good.atLeast(1, Duration.ofSeconds(30))).extracting(ConsumerRecord::key).containsExactly("m-1");
            }
            awaitAcknowledged(bridge, 1);
            assertThat(bridge.stats().received()).isEqualTo(1);
        } finally {
            poisoner.close(true);
        }
    }

    @Test
    void deadLetterThatKafkaRefuses_isAcknowledgedAnyway_andCounted(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Admin admin = KafkaClients.admin(brokers.kafkaSettings("admin"))) {
            ConfigResource dl = new ConfigResource(ConfigResource.Type.TOPIC, topics.kafka(Channel.DEAD_LETTER));
            admin.incrementalAlterConfigs(Map.of(dl, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1024"),
                    AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        try (IngestBridge bridge = IngestBridge.start(config(brokers, topics, "ingest-dlfail"));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            byte[] garbage = new byte[8 * 1024];
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), garbage);
            Escalation fine = TestMessages.escalation("m-1", 1);
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(fine));

            assertThat(good.atLeast(1, Duration.ofSeconds(30))).extracting(ConsumerRecord::key).containsExactly("m-1");
            awaitAcknowledged(bridge, 2);
            assertThat(bridge.stats().deadLetterFailures()).isEqualTo(1);
            assertThat(bridge.stats().pending()).isZero();
        }
    }

    @Test
    void batch_withForeignDevice_isSplit_servedOnesPass_foreignOneIsDeadLettered(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        DeviceId gw = DeviceId.of("gw-1");
        EscalationBatch batch = new EscalationBatch(gw, List.of(TestMessages.escalation("press-1", 1),
                TestMessages.escalation("zone-9", 1), TestMessages.escalation("press-2", 1)));
        IngestConfig cfg = config(brokers, topics, "ingest-split").withGatewayDevices(GatewayDevices.of(gw, "press-"));
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("gw"));
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("dlq"), topics.kafka(Channel.DEAD_LETTER));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            edge.publish(topics.mqtt(Channel.ESCALATION_BATCHES, gw), Codecs.escalationBatch().encode(batch));

            List<ConsumerRecord<String, byte[]>> passed = good.atLeast(2, Duration.ofSeconds(30));
            ConsumerRecord<String, byte[]> letter = dead.atLeast(1, Duration.ofSeconds(30)).get(0);

            assertThat(passed).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("press-1", "press-2");
            assertThat(letter.key()).isEqualTo("zone-9");
            assertThat(header(letter, Headers.REJECT_REASON)).isEqualTo("unauthorized");
            assertThat(header(letter, Headers.REJECT_DETAIL))
                    .isEqualTo("escalations[1].window.deviceId must be a device gateway gw-1 serves, was zone-9");
            assertThat(Codecs.escalation().decode(letter.value()).orElseThrow()).isEqualTo(batch.escalations().get(1));
            awaitAcknowledged(bridge, 1);
            assertThat(bridge.stats().escalationsRefused()).isEqualTo(1);
            assertThat(bridge.stats().written()).isEqualTo(2);
            assertThat(good.drain(Duration.ofSeconds(1))).hasSize(2);
        }
    }

    @Test
    void batch_ofAGatewayWithoutConfiguredDevices_passesOnlyItsOwnEscalations(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        DeviceId gw = DeviceId.of("gw-2");
        EscalationBatch batch = new EscalationBatch(gw, List.of(TestMessages.escalation("gw-2", 1),
                TestMessages.escalation("m-1", 1)));
        try (IngestBridge bridge = IngestBridge.start(config(brokers, topics, "ingest-own"));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("gw"));
             KafkaProbe good = new KafkaProbe(brokers.kafkaSettings("good"), topics.kafka(Channel.ESCALATIONS))) {
            edge.publish(topics.mqtt(Channel.ESCALATION_BATCHES, gw), Codecs.escalationBatch().encode(batch));

            assertThat(good.atLeast(1, Duration.ofSeconds(30))).extracting(ConsumerRecord::key).containsExactly("gw-2");
            awaitAcknowledged(bridge, 1);
            assertThat(bridge.stats().escalationsRefused()).isEqualTo(1);
            assertThat(bridge.rejections().get(RejectReason.UNAUTHORIZED)).isEqualTo(1);
        }
    }

    @Test
    void kafkaOutage_isReportedAsAStallByProblems_andTheReportClearsWhenKafkaReturns(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        IngestConfig cfg = IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics)
                .withInstanceId("ingest-stall").withStallAfter(Duration.ofSeconds(1));
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            assertThat(bridge.problems()).isEmpty();
            brokers.kafka().stop();
            try {
                Escalation e = TestMessages.escalation("m-1", 1);
                edge.publish(topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), Codecs.escalation().encode(e));
                await(() -> !bridge.problems().isEmpty(), Duration.ofSeconds(30));

                assertThat(bridge.problems()).singleElement().asString()
                        .startsWith("ingest ingest-stall: 1 message(s) unacknowledged for more than 1 s (oldest since ");
            } finally {
                brokers.kafka().start();
            }
            awaitAcknowledged(bridge, 1);
            assertThat(bridge.problems()).isEmpty();
        }
    }

    private static IngestConfig config(TestBrokers brokers, Topics topics, String instance) {
        return IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withInstanceId(instance);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static void awaitAcknowledged(IngestBridge bridge, long n) throws InterruptedException {
        await(() -> bridge.stats().acknowledged() >= n, Duration.ofSeconds(60));
        assertThat(bridge.stats().acknowledged()).isEqualTo(n);
    }
}
