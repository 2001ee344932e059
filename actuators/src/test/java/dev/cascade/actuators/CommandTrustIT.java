package dev.cascade.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9 points 3 and 6: forged and retained acknowledgements, and commands published without retain. */
@WithBrokers
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandTrustIT {

    private record Received(Command command, boolean retained) {}

    /** A device that answers every live command with EXECUTED and records what it got. */
    private static MqttConnection actuator(TestBrokers brokers, Topics topics, String device, List<Received> got) {
        MqttConnection conn = MqttConnection.open(brokers.mqttSettings(device));
        conn.subscribe(topics.mqtt(Channel.COMMANDS, DeviceId.of(device)), 1, (t, p, d) -> {
            Command c = Codecs.command().decode(p).orElseThrow();
            got.add(new Received(c, d.retained()));
            CommandAck ack = CommandAck.of(c, AckStatus.EXECUTED, "", Instant.now());
            conn.publish(topics.mqtt(Channel.ACKS, DeviceId.of(device)), Codecs.commandAck().encode(ack), 1, PublishOptions.NONE);
        });
        return conn;
    }

    private static Command stop(String device, CommandOrigin origin) {
        Instant now = Instant.now();
        return new StopMachine(CommandHeader.caused("stop", DeviceId.of(device), CorrelationId.random(), origin, now,
                Duration.ofSeconds(30), now), "anomaly");
    }

    @Test
    void ackOfACommandNeverIssued_isDeadLettered_andOnlyTheRealAckReachesTheAcksTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        List<Received> got = new CopyOnWriteArrayList<>();
        Command real = stop("press-1", CommandOrigin.CLOUD);
        Command neverIssued = stop("press-1", CommandOrigin.CLOUD);
        try (MqttConnection press = actuator(brokers, topics, "press-1", got);
             CommandDelivery delivery = CommandDelivery.start(config(brokers, topics, "actuators-forged"),
                     Clock.systemUTC());
             MqttProbe forger = new MqttProbe(brokers.mqttSettings("forger"));
             KafkaProducer<String, byte[]> cloud = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("dlq"), topics.kafka(Channel.DEAD_LETTER))) {
            forger.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-1")),
                    Codecs.commandAck().encode(CommandAck.of(neverIssued, AckStatus.EXECUTED, "", Instant.now())));
            cloud.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-1", Codecs.command().encode(real)))
                    .get(30, TimeUnit.SECONDS);

            ConsumerRecord<String, byte[]> letter = dead.atLeast(1, Duration.ofSeconds(30)).get(0);
            List<ConsumerRecord<String, byte[]>> onAcks = acks.atLeast(1, Duration.ofSeconds(30));
            awaitStat(() -> delivery.stats().acked(), 1);

            assertThat(onAcks).as("delivery %s, actuator got %s", delivery.stats(), got)
                    .extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().commandId())
                    .containsExactly(real.commandId());
            assertThat(header(letter, Headers.REJECT_REASON)).isEqualTo("unauthorized");
            assertThat(header(letter, Headers.REJECT_DETAIL)).isEqualTo("ack.commandId must be a command that was issued, was "
                    + neverIssued.commandId() + " (never sent nor seen on a command topic)");
            assertThat(delivery.stats().acksUnsolicited()).isEqualTo(1);
            assertThat(acks.drain(Duration.ofSeconds(1)))
                    .extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().commandId())
                    .containsOnly(real.commandId());
            assertThat(delivery.problems()).isEmpty();
        }
    }

    @Test
    void ackOfACommandAnEdgeAgentPublished_reachesTheAcksTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        List<Received> got = new CopyOnWriteArrayList<>();
        Command local = stop("press-2", CommandOrigin.EDGE);
        try (CommandDelivery delivery = CommandDelivery.start(config(brokers, topics, "actuators-edge"),
                     Clock.systemUTC());
             MqttConnection press = actuator(brokers, topics, "press-2", got);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"));
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            edge.publish(topics.mqtt(Channel.COMMANDS, DeviceId.of("press-2")), Codecs.command().encode(local));

            List<ConsumerRecord<String, byte[]>> onAcks = acks.atLeast(1, Duration.ofSeconds(30));

            assertThat(onAcks).as("acks on Kafka; delivery %s, actuator got %s", delivery.stats(), got).hasSize(1);
            CommandAck ack = Codecs.commandAck().decode(onAcks.get(0).value()).orElseThrow();
            assertThat(ack.commandId()).isEqualTo(local.commandId());
            assertThat(ack.origin()).isEqualTo(CommandOrigin.EDGE);
            assertThat(delivery.stats().acksUnsolicited()).isZero();
            assertThat(delivery.stats().commandsSeen()).isEqualTo(1);
        }
    }

    @Test
    void commandAnsweredTwice_reachesTheAcksTopicOnce_andTheSecondAckIsCountedAsDuplicate(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        Command real = stop("press-4", CommandOrigin.CLOUD);
        try (CommandDelivery delivery = CommandDelivery.start(config(brokers, topics, "actuators-twice"),
                     Clock.systemUTC());
             MqttConnection press = MqttConnection.open(brokers.mqttSettings("press-4"));
             KafkaProducer<String, byte[]> cloud = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            press.subscribe(topics.mqtt(Channel.COMMANDS, DeviceId.of("press-4")), 1, (t, p, d) -> {
                Command c = Codecs.command().decode(p).orElseThrow();
                byte[] ack = Codecs.commandAck().encode(CommandAck.of(c, AckStatus.EXECUTED, "", Instant.now()));
                press.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-4")), ack, 1, PublishOptions.NONE);
                press.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-4")), ack, 1, PublishOptions.NONE);
            });
            cloud.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-4", Codecs.command().encode(real)))
                    .get(30, TimeUnit.SECONDS);

            awaitStat(() -> delivery.stats().duplicateAcks(), 1);

            assertThat(acks.drain(Duration.ofSeconds(2))).as("delivery %s", delivery.stats())
                    .extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().commandId())
                    .containsExactly(real.commandId());
            assertThat(delivery.stats().acked()).isEqualTo(1);
            assertThat(delivery.stats().duplicateAcks()).isEqualTo(1);
        }
    }

    @Test
    void commands_goOutWithRetainOff_andARetainedAckIsIgnored(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        List<Received> got = new CopyOnWriteArrayList<>();
        Command real = stop("press-3", CommandOrigin.CLOUD);
        MqttClient forger = new MqttClient(brokers.mqttUri(), "forger-" + System.nanoTime(), new MemoryPersistence());
        try (CommandDelivery delivery = CommandDelivery.start(config(brokers, topics, "actuators-retain"),
                     Clock.systemUTC());
             MqttConnection press = actuator(brokers, topics, "press-3", got);
             KafkaProducer<String, byte[]> cloud = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            forger.connect(new MqttConnectionOptions());
            MqttMessage retainedAck = new MqttMessage(Codecs.commandAck().encode(CommandAck.of(real, AckStatus.EXECUTED, "",
                    Instant.now())));
            retainedAck.setQos(1);
            retainedAck.setRetained(true);
            forger.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-3")), retainedAck);
            cloud.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-3", Codecs.command().encode(real)))
                    .get(30, TimeUnit.SECONDS);

            acks.atLeast(1, Duration.ofSeconds(30));
            awaitStat(() -> delivery.stats().acked(), 1);

            assertThat(got).containsExactly(new Received(real, false));
            assertThat(delivery.stats().retainedIgnored()).isEqualTo(1);
            assertThat(acks.drain(Duration.ofSeconds(1))).hasSize(1);
        } finally {
            MqttMessage clear = new MqttMessage(new byte[0]);
            clear.setRetained(true);
            forger.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-3")), clear);
            forger.disconnect();
            forger.close();
        }
    }

    private static DeliveryConfig config(TestBrokers brokers, Topics topics, String instance) {
        DeliveryConfig d = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics);
        return new DeliveryConfig(d.mqtt().withClientId(instance), d.kafka().withClientId(instance), d.topics(), instance,
                d.group(), d.ackTimeout(), d.maxPerDevicePerMinute());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void awaitStat(LongSupplier stat, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stat.getAsLong() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stat.getAsLong()).isEqualTo(n);
    }
}
