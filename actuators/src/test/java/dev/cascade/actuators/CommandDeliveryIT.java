package dev.cascade.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.KafkaProbe;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@WithBrokers
class CommandDeliveryIT {

    /** A stand-in actuator: answers each command with {@code status}, optionally ignoring the first delivery. */
    private static final class Actuator implements AutoCloseable {
        final List<Command> received = new CopyOnWriteArrayList<>();
        final MqttConnection conn;

        Actuator(TestBrokers brokers, Topics topics, String device, AckStatus status, int ignoreFirst) {
            AtomicInteger seen = new AtomicInteger();
            conn = MqttConnection.open(brokers.mqttSettings(device));
            conn.subscribe(topics.mqtt(Channel.COMMANDS, DeviceId.of(device)), 1, (t, p, d) -> {
                Command c = Codecs.command().decode(p).orElseThrow();
                received.add(c);
                if (seen.incrementAndGet() > ignoreFirst) {
                    CommandAck ack = CommandAck.of(c, status, "", Instant.now());
                    conn.publish(topics.mqtt(Channel.ACKS, DeviceId.of(device)), Codecs.commandAck().encode(ack), 1,
                            PublishOptions.NONE);
                }
            });
        }

        @Override
        public void close() {
            conn.close();
        }
    }

    private static Command stop(String device, Duration ttl, Instant now) {
        return new StopMachine(CommandHeader.caused("stop", DeviceId.of(device), CorrelationId.random(), CommandOrigin.CLOUD,
                now, ttl, now), "anomaly");
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, Command c) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), c.header().deviceId().value(), Codecs.command().encode(c)))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void command_reachesTheActuator_andItsAckReachesKafkaWithTheSameCorrelationId(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Command stop = stop("press-1", Duration.ofSeconds(30), Instant.now());
        try (Actuator press = new Actuator(brokers, topics, "press-1", AckStatus.EXECUTED, 0);
             CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            send(producer, topics, stop);

            List<ConsumerRecord<String, byte[]>> got = acks.atLeast(1, Duration.ofSeconds(30));

            CommandAck ack = Codecs.commandAck().decode(got.get(0).value()).orElseThrow();
            assertThat(ack.commandId()).isEqualTo(stop.commandId());
            assertThat(ack.correlationId()).isEqualTo(stop.header().correlationId());
            assertThat(ack.status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(new String(got.get(0).headers().lastHeader(Headers.CORRELATION_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(stop.header().correlationId().value());
            assertThat(press.received).containsExactly(stop);
            awaitStat(() -> delivery.stats().acked(), 1);
            assertThat(delivery.stats().pending()).isZero();
        }
    }

    @Test
    void unacknowledgedCommand_isResent_untilTheActuatorAnswers(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Command stop = stop("press-2", Duration.ofSeconds(30), Instant.now());
        DeliveryConfig cfg = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withAckTimeout(Duration.ofMillis(300));
        try (Actuator press = new Actuator(brokers, topics, "press-2", AckStatus.EXECUTED, 2);
             CommandDelivery delivery = CommandDelivery.start(cfg, Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            send(producer, topics, stop);

            awaitStat(() -> delivery.stats().acked(), 1);

            assertThat(press.received).hasSize(3).allSatisfy(c -> assertThat(c.commandId()).isEqualTo(stop.commandId()));
            assertThat(delivery.stats().resends()).isEqualTo(2);
            assertThat(delivery.stats().commandsSent()).isEqualTo(1);
        }
    }

    @Test
    void sameCommandTwiceOnKafka_isDeliveredOnce(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Command stop = stop("press-3", Duration.ofSeconds(30), Instant.now());
        try (Actuator press = new Actuator(brokers, topics, "press-3", AckStatus.EXECUTED, 0);
             CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            send(producer, topics, stop);
            awaitStat(() -> delivery.stats().acked(), 1);
            send(producer, topics, stop);
            awaitStat(() -> delivery.stats().duplicatesSkipped(), 1);

            assertThat(press.received).hasSize(1);
        }
    }

    @Test
    void expiredCommand_isNotSent_andIsAnsweredExpiredWithAnAlert(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Command stale = stop("press-4", Duration.ofSeconds(1), Instant.now().minusSeconds(60));
        try (Actuator press = new Actuator(brokers, topics, "press-4", AckStatus.EXECUTED, 0);
             CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
             KafkaProbe alerts = new KafkaProbe(brokers.kafkaSettings("alerts"), topics.kafka(Channel.ALERTS))) {
            send(producer, topics, stale);

            CommandAck ack = Codecs.commandAck().decode(acks.atLeast(1, Duration.ofSeconds(30)).get(0).value()).orElseThrow();
            Alert alert = Codecs.alert().decode(alerts.atLeast(1, Duration.ofSeconds(30)).get(0).value()).orElseThrow();

            assertThat(ack.status()).isEqualTo(AckStatus.EXPIRED);
            assertThat(ack.detail()).startsWith("expired before delivery");
            assertThat(alert).isInstanceOfSatisfying(CommandFailedAlert.class, a -> {
                assertThat(a.commandId()).isEqualTo(stale.commandId());
                assertThat(a.status()).isEqualTo(AckStatus.EXPIRED);
            });
            assertThat(press.received).isEmpty();
        }
    }

    @Test
    void commandsBeyondTheDeviceRateLimit_areInterlocked(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        DeliveryConfig cfg = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics).withMaxPerDevicePerMinute(2);
        try (Actuator valve = new Actuator(brokers, topics, "valve-1", AckStatus.EXECUTED, 0);
             CommandDelivery delivery = CommandDelivery.start(cfg, Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            for (int i = 0; i < 3; i++) {
                Instant now = Instant.now();
                send(producer, topics, new OpenValve(CommandHeader.caused("open", DeviceId.of("valve-1"), CorrelationId.random(),
                        CommandOrigin.CLOUD, now, Duration.ofMinutes(1), now), Duration.ofMinutes(5)));
            }

            List<ConsumerRecord<String, byte[]>> got = acks.atLeast(3, Duration.ofSeconds(30));

            assertThat(got).extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().status())
                    .containsExactlyInAnyOrder(AckStatus.EXECUTED, AckStatus.EXECUTED, AckStatus.INTERLOCKED);
            assertThat(valve.received).hasSize(2);
        }
    }

    @Test
    void actuatorFailure_raisesACommandFailedAlert(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Command stop = stop("press-5", Duration.ofSeconds(30), Instant.now());
        try (Actuator press = new Actuator(brokers, topics, "press-5", AckStatus.FAILED, 0);
             CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe alerts = new KafkaProbe(brokers.kafkaSettings("alerts"), topics.kafka(Channel.ALERTS))) {
            send(producer, topics, stop);

            Alert alert = Codecs.alert().decode(alerts.atLeast(1, Duration.ofSeconds(30)).get(0).value()).orElseThrow();

            assertThat(alert.summary()).contains("stop_machine").contains("failed");
            assertThat(delivery.stats().failed()).isEqualTo(1);
        }
    }

    @Test
    void undecodableCommand_goesToTheDeadLetterTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("dlq"), topics.kafka(Channel.DEAD_LETTER))) {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "x", "{\"v\":1,\"type\":\"self_destruct\"}"
                    .getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

            ConsumerRecord<String, byte[]> r = dead.atLeast(1, Duration.ofSeconds(30)).get(0);

            assertThat(new String(r.headers().lastHeader(Headers.REJECT_DETAIL).value(), StandardCharsets.UTF_8))
                    .isEqualTo("type must be a known Command type, was \"self_destruct\"");
            assertThat(new String(r.headers().lastHeader(Headers.REJECTED_BY).value(), StandardCharsets.UTF_8)).isEqualTo("actuators");
        }
    }

    @Test
    void acksKeptByTheSessionWhileTheBridgeWasDown_areSettledAsItStarts_andLaterAcksStillFlow(TestBrokers brokers)
            throws Exception {
        // A restarted bridge resumes its persistent sessions, and the broker hands it at once what it kept for them:
        // the command it had just sent (its own commands-topic subscription had not seen it yet) and the device's
        // answer. Both arrive while the bridge is still starting. One acknowledgement connection with a receive
        // window of one: an answer left unacknowledged would stop every later one.
        Topics topics = brokers.newTopics();
        Command first = stop("press-9", Duration.ofMinutes(5), Instant.now());
        DeliveryConfig base = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics)
                .withAckTimeout(Duration.ofMinutes(1)).withAckConnections(1);
        DeliveryConfig cfg = new DeliveryConfig(base.mqtt().withMaxInflight(1), base.kafka(), base.topics(),
                base.instanceId(), base.group(), base.ackTimeout(), base.maxPerDevicePerMinute(), base.interlocks(),
                base.signer(), base.closeAfterOpen(), base.forecastClose(), base.ackConnections());
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            try (CommandDelivery bridge = CommandDelivery.start(cfg, Clock.systemUTC())) {
                send(producer, topics, first);
                awaitStat(() -> bridge.stats().commandsSent(), 1);
            }
            try (MqttConnection device = MqttConnection.open(brokers.mqttSettings("press-9"))) {
                device.publish(topics.mqtt(Channel.COMMANDS, DeviceId.of("press-9")), Codecs.command().encode(first), 1,
                        PublishOptions.NONE);
                device.publish(topics.mqtt(Channel.ACKS, DeviceId.of("press-9")),
                        Codecs.commandAck().encode(CommandAck.of(first, AckStatus.EXECUTED, "", Instant.now())), 1,
                        PublishOptions.NONE);
            }
            try (CommandDelivery restarted = CommandDelivery.start(cfg, Clock.systemUTC());
                 Actuator press = new Actuator(brokers, topics, "press-9", AckStatus.EXECUTED, 0)) {
                List<ConsumerRecord<String, byte[]>> got = acks.atLeast(1, Duration.ofSeconds(30));
                assertThat(Codecs.commandAck().decode(got.get(0).value()).orElseThrow().commandId())
                        .as("the kept answer settled").isEqualTo(first.commandId());

                Command second = stop("press-9", Duration.ofMinutes(5), Instant.now());
                send(producer, topics, second);
                got = acks.atLeast(2, Duration.ofSeconds(30));

                assertThat(got).extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().commandId())
                        .as("one fate each, the later answer through the same window").containsExactly(
                                first.commandId(), second.commandId());
                awaitStat(() -> restarted.stats().acked(), 1);
            }
        }
    }

    private static void awaitStat(java.util.function.LongSupplier stat, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stat.getAsLong() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stat.getAsLong()).isEqualTo(n);
    }
}
