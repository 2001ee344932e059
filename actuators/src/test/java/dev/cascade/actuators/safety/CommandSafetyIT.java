package dev.cascade.actuators.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.actuators.interlock.DeviceKind;
import dev.cascade.actuators.interlock.InterlockConfig;
import dev.cascade.actuators.interlock.Rule;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge with real Kafka and MQTT and simulated actuators: each command acts once, and only when safe. */
@WithBrokers
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandSafetyIT {
    private static final InterlockConfig KINDS = new InterlockConfig(List.of(
            new DeviceKind("valve", List.of("zone-"), Set.of("open_valve", "close_valve"), Optional.of(Duration.ofMinutes(10)),
                    Duration.ZERO, 60),
            new DeviceKind("machine", List.of("machine-"), Set.of("stop_machine", "resume_machine"), Optional.empty(),
                    Duration.ZERO, 60),
            new DeviceKind("press", List.of("press-"), Set.of("stop_machine", "resume_machine"), Optional.empty(),
                    Duration.ofHours(1), 60)), 60);

    static DeliveryConfig bridge(TestBrokers brokers, Topics topics, String instance, String group) {
        DeliveryConfig d = DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics);
        return new DeliveryConfig(d.mqtt().withClientId(instance), d.kafka(), topics, instance, group,
                Duration.ofMillis(500), 60, KINDS, Optional.empty(), true);
    }

    static String unique(String name) {
        return name + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    }

    static CommandHeader header(String device, CommandOrigin origin, Duration ttl) {
        Instant now = Instant.now();
        return CommandHeader.caused("x", DeviceId.of(device), CorrelationId.random(), origin, now, ttl, now);
    }

    static StopMachine stop(String device) {
        return new StopMachine(header(device, CommandOrigin.CLOUD, Duration.ofSeconds(30)), "anomaly confirmed");
    }

    static RecordMetadata send(KafkaProducer<String, byte[]> p, Topics topics, Command c) throws Exception {
        return p.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), c.header().deviceId().value(),
                Codecs.command().encode(c))).get(30, TimeUnit.SECONDS);
    }

    static void act(KafkaProducer<String, byte[]> p, Topics topics, OperatorAction a) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.OPERATOR_ACTIONS), a.target(), Codecs.operatorAction().encode(a)))
                .get(30, TimeUnit.SECONDS);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void duplicatedCommand_isExecutedOnce_evenWhenReadAgainByARestartedBridgeInANewGroup(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        StopMachine stop = stop("machine-1");
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-1"), List.of(), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            String instance = unique("bridge");
            try (CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, instance, "g1"), Clock.systemUTC())) {
                send(producer, topics, stop);
                send(producer, topics, stop);
                assertThat(site.ackOf(stop.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
                await("both copies read", () -> delivery.stats().commandsReceived() == 2);
                assertThat(delivery.stats().duplicatesSkipped()).isEqualTo(1);
            }
            // A new group reads the topic from the start: the fate read back from command-fates says it is settled.
            try (CommandDelivery again = CommandDelivery.start(bridge(brokers, topics, instance, "g2"), Clock.systemUTC())) {
                await("both copies read again", () -> again.stats().commandsReceived() == 2);
                assertThat(again.stats().duplicatesSkipped()).isEqualTo(2);
                assertThat(again.stats().commandsSent()).isZero();
            }
            assertThat(site.log.times(stop.commandId())).isEqualTo(1);
            assertThat(site.fleet.stats().commandsReceived()).isEqualTo(1);
        }
    }

    @Test
    void expiredCommand_isNeverExecuted_andItsFateIsOnKafka(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Instant past = Instant.now().minusSeconds(120);
        StopMachine stale = new StopMachine(CommandHeader.caused("stop", DeviceId.of("machine-2"), CorrelationId.random(),
                CommandOrigin.CLOUD, past, Duration.ofSeconds(5), past), "anomaly");
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-2"), List.of(), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, unique("bridge"), "g"), Clock.systemUTC())) {
            send(producer, topics, stale);

            CommandAck ack = site.ackOf(stale.commandId());

            assertThat(ack.status()).isEqualTo(AckStatus.EXPIRED);
            assertThat(ack.detail()).startsWith("expired before delivery (expiresAt ");
            assertThat(site.log.executions()).isEmpty();
            assertThat(site.fleet.stats().commandsReceived()).isZero();
        }
    }

    @Test
    void eachInterlock_refusesWithItsRuleNamed_andIsCountedByRule(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("press-1", "machine-3"), List.of("zone-1"),
                Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, unique("bridge"), "g"), Clock.systemUTC())) {
            Command unknown = stop("pump-1");
            Command unsupported = stop("zone-1");
            Command tooLong = new OpenValve(header("zone-1", CommandOrigin.CLOUD, Duration.ofSeconds(30)), Duration.ofMinutes(45));
            Command cloudResume = new ResumeMachine(header("machine-3", CommandOrigin.CLOUD, Duration.ofSeconds(30)), "cooldown over");
            StopMachine pressStop = stop("press-1");
            Command tooSoon = new ResumeMachine(header("press-1", CommandOrigin.OPERATOR, Duration.ofSeconds(30)), "inspected", "alice");
            // zone-9 is a valve nobody answers for: its open is still unacknowledged when the close arrives
            OpenValve open = new OpenValve(header("zone-9", CommandOrigin.CLOUD, Duration.ofSeconds(30)), Duration.ofMinutes(5));
            CloseValve close = new CloseValve(header("zone-9", CommandOrigin.CLOUD, Duration.ofSeconds(30)));
            for (Command c : List.of(unknown, unsupported, tooLong, cloudResume, pressStop, tooSoon, open, close)) {
                send(producer, topics, c);
            }

            assertThat(site.ackOf(unknown.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.REJECTED);
                assertThat(a.rule()).isEqualTo("unknown_device");
                assertThat(a.detail()).startsWith("deviceId must be a device of a configured kind (valve, machine, press), was pump-1");
            });
            assertThat(site.ackOf(unsupported.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.UNSUPPORTED);
                assertThat(a.rule()).isEqualTo("unsupported_command");
            });
            assertThat(site.ackOf(tooLong.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.INTERLOCKED);
                assertThat(a.rule()).isEqualTo("max_open_time");
                assertThat(a.detail()).startsWith("duration must be <= PT10M for a valve, was PT45M");
            });
            assertThat(site.ackOf(cloudResume.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.REJECTED);
                assertThat(a.rule()).isEqualTo("resume_requires_operator");
            });
            assertThat(site.ackOf(pressStop.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(site.ackOf(tooSoon.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.INTERLOCKED);
                assertThat(a.rule()).isEqualTo("min_interval");
                assertThat(a.detail()).startsWith("resume_machine must come >= PT1H after the last stop of press-1");
            });
            assertThat(site.ackOf(open.commandId())).satisfies(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.INTERLOCKED);
                assertThat(a.rule()).isEqualTo("conflicting_command");
                assertThat(a.detail()).startsWith("withdrawn before acknowledgement: the later close_valve " + close.commandId());
            });
            assertThat(delivery.refusalsByRule()).containsEntry(Rule.UNKNOWN_DEVICE, 1L)
                    .containsEntry(Rule.UNSUPPORTED_COMMAND, 1L).containsEntry(Rule.MAX_OPEN_TIME, 1L)
                    .containsEntry(Rule.RESUME_REQUIRES_OPERATOR, 1L).containsEntry(Rule.MIN_INTERVAL, 1L)
                    .containsEntry(Rule.CONFLICTING_COMMAND, 1L).containsEntry(Rule.LOCKED_OUT, 0L);
            assertThat(site.log.executions()).extracting(CommandAck::commandId).containsExactly(pressStop.commandId());
        }
    }

    @Test
    void lockOut_byAnOperator_refusesCommands_survivesARestart_andUnlockLiftsIt(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        DeviceId machine = DeviceId.of("machine-4");
        String instance = unique("bridge");
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-4"), List.of(), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("dashboard"), "test")) {
            StopMachine whileLocked = stop("machine-4");
            try (CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, instance, "g"), Clock.systemUTC())) {
                act(producer, topics, OperatorAction.of(OperatorActionType.LOCK_DEVICE, "machine-4", "alice", "bearing swap",
                        Instant.now()));
                await("the lock-out reaches the bridge", () -> delivery.lockOf(machine).isPresent());
                send(producer, topics, whileLocked);
                assertThat(site.ackOf(whileLocked.commandId())).satisfies(a -> {
                    assertThat(a.status()).isEqualTo(AckStatus.INTERLOCKED);
                    assertThat(a.rule()).isEqualTo("locked_out");
                    assertThat(a.detail()).startsWith("machine-4 is locked out by operator alice since ");
                    assertThat(a.detail()).contains(": bearing swap");
                });
            }
            StopMachine afterRestart = stop("machine-4");
            StopMachine afterUnlock = stop("machine-4");
            try (CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, instance, "g"), Clock.systemUTC())) {
                assertThat(delivery.lockOf(machine)).get().extracting(l -> l.operator()).isEqualTo("alice");
                send(producer, topics, afterRestart);
                assertThat(site.ackOf(afterRestart.commandId()).rule()).isEqualTo("locked_out");

                act(producer, topics, OperatorAction.of(OperatorActionType.UNLOCK_DEVICE, "machine-4", "alice", "", Instant.now()));
                await("the unlock reaches the bridge", () -> delivery.lockOf(machine).isEmpty());
                send(producer, topics, afterUnlock);
                assertThat(site.ackOf(afterUnlock.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
            }
            assertThat(site.log.executions()).extracting(CommandAck::commandId).containsExactly(afterUnlock.commandId());
        }
    }

    @Test
    void operatorResume_liftsTheStop_asAResumeWithTheOperatorsName(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-5"), List.of(), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("dashboard"), "test");
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, unique("bridge"), "g"), Clock.systemUTC())) {
            StopMachine stop = stop("machine-5");
            send(producer, topics, stop);
            assertThat(site.ackOf(stop.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
            await("machine stopped", () -> site.fleet.stats().machinesRunning() == 0);

            OperatorAction resume = OperatorAction.of(OperatorActionType.RESUME_MACHINE, "machine-5", "bob",
                    "bearing replaced", Instant.now());
            act(producer, topics, resume);
            act(producer, topics, resume);   // redelivered: one command, one execution

            await("resumed", () -> site.log.executions().size() == 2);
            CommandAck ack = site.log.executions().get(1);
            assertThat(ack.commandType()).isEqualTo("resume_machine");
            assertThat(ack.origin()).isEqualTo(CommandOrigin.OPERATOR);
            assertThat(ack.detail()).isEqualTo("resumed: resumed by operator bob: bearing replaced");
            await("machine running", () -> site.fleet.stats().machinesRunning() == 1);
            await("the redelivered action read", () -> delivery.stats().duplicatesSkipped() == 1);
            assertThat(site.log.executions()).hasSize(2);
        }
    }

    @Test
    void offset_isCommittedOnlyOnceTheCommandsFateIsWritten(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             Admin admin = KafkaClients.admin(brokers.kafkaSettings("admin"));
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, unique("bridge"), "g"), Clock.systemUTC())) {
            await("bridge joined its group", delivery::ready);
            // machine-ghost matches the machine kind but no device answers: its stop stays pending until it expires
            StopMachine unanswered = new StopMachine(header("machine-ghost", CommandOrigin.CLOUD, Duration.ofSeconds(12)), "anomaly");
            ResumeMachine refusedAtOnce = new ResumeMachine(header("machine-ghost", CommandOrigin.CLOUD, Duration.ofSeconds(30)),
                    "cooldown over");
            RecordMetadata first = send(producer, topics, unanswered);
            await("read", () -> delivery.stats().commandsReceived() == 1);
            await("pending", () -> delivery.unsettled() == 1);
            TopicPartition tp = new TopicPartition(first.topic(), first.partition());
            // a second, settled command behind it on the same partition: still nothing past the first may be committed
            send(producer, topics, refusedAtOnce);
            await("second read", () -> delivery.stats().commandsReceived() == 2);
            assertThat(committed(admin, "g", tp)).isIn(-1L, first.offset());

            await("the expired command's fate written and its offset committed",
                    () -> committed(admin, "g", tp) == first.offset() + 2);
            assertThat(delivery.unsettled()).isZero();
        }
    }

    private static long committed(Admin admin, String group, TopicPartition tp) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = m.get(tp);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void executedOpen_isClosedByTheBridgeWhenItsDurationEnds(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of(), List.of("zone-2"), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             CommandDelivery delivery = CommandDelivery.start(bridge(brokers, topics, unique("bridge"), "g"), Clock.systemUTC())) {
            OpenValve open = new OpenValve(header("zone-2", CommandOrigin.CLOUD, Duration.ofSeconds(30)), Duration.ofSeconds(2));
            send(producer, topics, open);

            await("open and close executed", () -> site.log.executions().size() == 2);

            assertThat(site.log.executions()).extracting(CommandAck::commandType).containsExactly("open_valve", "close_valve");
            assertThat(site.log.executions().get(1).correlationId()).isEqualTo(open.header().correlationId());
            assertThat(delivery.closesIssued()).isEqualTo(1);
        }
    }
}
