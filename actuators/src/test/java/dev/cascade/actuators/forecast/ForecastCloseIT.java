package dev.cascade.actuators.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge with real Kafka and MQTT and a simulated soil zone whose physics answer its valve commands: the
 * forecast on the results topic closes an open valve early, once; when it never says enough, the planned-duration
 * close still comes, once.
 */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForecastCloseIT {
    private static final String ZONE = "zone-7";

    private static DeliveryConfig bridge(TestBrokers brokers, Topics topics) {
        String instance = "bridge-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        DeliveryConfig d = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics);
        return new DeliveryConfig(d.mqtt().withClientId(instance), d.kafka(), topics, instance, "g", Duration.ofMillis(500),
                60).withForecastClose(new ForecastCloseConfig(true, 0.5));
    }

    private static OpenValve open(Duration duration) {
        Instant now = Instant.now();
        return new OpenValve(CommandHeader.caused("open", DeviceId.of(ZONE), CorrelationId.random(), CommandOrigin.CLOUD,
                now, Duration.ofSeconds(30), now), duration);
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, Command c) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), c.header().deviceId().value(),
                Codecs.command().encode(c))).get(30, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 40 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<Command> commands(KafkaProbe probe, int n) {
        return probe.atLeast(n, Duration.ofSeconds(30)).stream()
                .map(r -> Codecs.command().decode(r.value()).orElseThrow()).toList();
    }

    private static CommandAck ackOf(KafkaProbe acks, dev.cascade.protocol.command.CommandId id) {
        return acks.until(rs -> rs.stream().anyMatch(r -> decodeAck(r).commandId().equals(id)), Duration.ofSeconds(30))
                .stream().map(ForecastCloseIT::decodeAck).filter(a -> a.commandId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no acknowledgement of " + id + " on Kafka within 30 s"));
    }

    private static CommandAck decodeAck(ConsumerRecord<String, byte[]> r) {
        return Codecs.commandAck().decode(r.value()).orElseThrow();
    }

    @Test
    void openValve_isClosedEarlyByTheForecast_once_withTheAckOnKafka(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        // The zone starts at 22 %, the forecast's irrigation threshold is 23.5 %: enough at 24 % (margin 0.5).
        try (SoilSite site = new SoilSite(brokers, topics, ZONE, 22, 23.5f);
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
             KafkaProbe commands = new KafkaProbe(brokers.kafkaSettings("commands"), topics.kafka(Channel.COMMANDS));
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics), Clock.systemUTC())) {
            ForecastWatch watch = delivery.forecastWatch().orElseThrow();
            await("results partitions assigned", watch::assigned);
            OpenValve open = open(Duration.ofHours(2));   // the planned close is two hours away
            send(producer, topics, open);

            await("open and an early close executed", () -> site.log.executions().size() == 2);
            List<Command> issued = commands(commands, 2);
            CloseValve close = (CloseValve) issued.get(1);
            CommandAck closeAck = ackOf(acks, close.commandId());
            // The bridge records the valve closed just after the close's fate is on Kafka: wait for that very count.
            await("the valve recorded closed", () -> delivery.openValves() == 0);
            long readAtClose = watch.read();
            await("more results read after the close", () -> watch.read() >= readAtClose + 4);

            assertThat(site.log.executions()).extracting(CommandAck::commandType).containsExactly("open_valve", "close_valve");
            assertThat(closeAck.status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(closeAck.detail()).as("the zone's valve was still open: closed by the forecast, not its timer")
                    .isEqualTo("closed");
            assertThat(closeAck.origin()).isEqualTo(CommandOrigin.CLOUD);
            assertThat(close.header().origin()).isEqualTo(CommandOrigin.CLOUD);
            assertThat(close.closesOpen()).contains(open.commandId());
            assertThat(close.reason()).startsWith("forecast cascade-test@1: moisture ").contains(">= target 24.00 %")
                    .endsWith("the zone has had enough");
            // A new correlation id: the window whose forecast said enough, as published on the results topic.
            assertThat(close.header().correlationId()).isNotEqualTo(open.header().correlationId());
            InferenceResult cause = site.result(close.header().correlationId()).orElseThrow();
            assertThat(cause.score()).isGreaterThanOrEqualTo(24f);
            assertThat(delivery.earlyCloses()).isEqualTo(1);
            assertThat(delivery.closesIssued()).as("no planned-duration close").isZero();
            assertThat(delivery.stats().commandsReceived()).as("the open and one close on the commands topic").isEqualTo(2);
            assertThat(watch.enough()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void forecastNeverSayingEnough_leavesThePlannedDurationClose_once(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        // A threshold of 90 %: the forecast says irrigate all along.
        try (SoilSite site = new SoilSite(brokers, topics, ZONE, 22, 90f);
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
             KafkaProbe commands = new KafkaProbe(brokers.kafkaSettings("commands"), topics.kafka(Channel.COMMANDS));
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics), Clock.systemUTC())) {
            ForecastWatch watch = delivery.forecastWatch().orElseThrow();
            await("results partitions assigned", watch::assigned);
            OpenValve open = open(Duration.ofSeconds(3));
            send(producer, topics, open);

            await("open and the planned close executed", () -> site.log.executions().size() == 2);
            CloseValve close = (CloseValve) commands(commands, 2).get(1);
            CommandAck closeAck = ackOf(acks, close.commandId());
            long examinedAtClose = watch.read();
            await("more results read after the close", () -> watch.read() >= examinedAtClose + 4);

            assertThat(site.log.executions()).extracting(CommandAck::commandType).containsExactly("open_valve", "close_valve");
            assertThat(closeAck.status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(close.reason()).isEqualTo("planned duration PT3S of the open ended");
            assertThat(close.closesOpen()).contains(open.commandId());
            assertThat(close.header().correlationId()).isEqualTo(open.header().correlationId());
            assertThat(delivery.closesIssued()).isEqualTo(1);
            assertThat(delivery.earlyCloses()).isZero();
            assertThat(watch.examined()).as("results of the open valve were judged").isPositive();
            assertThat(watch.enough()).isZero();
            assertThat(delivery.stats().commandsReceived()).isEqualTo(2);
        }
    }
}
