package dev.cascade.actuators.alarm;

import static dev.cascade.actuators.alarm.AlarmFixtures.anomaly;
import static dev.cascade.actuators.alarm.AlarmFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.notify.Notifier;
import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alarm.AlarmStatus;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class AlarmServiceIT {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, Channel channel, String key, byte[] value)
            throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(channel), key, value)).get(30, TimeUnit.SECONDS);
    }

    private static void awaitInputs(AlarmService s, Channel channel, long n) throws InterruptedException {
        while (s.inputs().get(channel) < n) {
            Thread.sleep(10);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void operatorAcknowledge_changesTheAlarmsStateOnTheCompactedTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        ManualClock clock = new ManualClock(T0);
        try (Admin admin = KafkaClients.admin(brokers.kafkaSettings("admin"))) {
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topics.kafka(Channel.ALARMS));
            Config c = admin.describeConfigs(List.of(res)).all().get(30, TimeUnit.SECONDS).get(res);
            assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
        }
        try (Notifier none = Notifier.none();
             AlarmService service = AlarmService.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics), none, clock);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test");
             AlarmTopicReader reader = new AlarmTopicReader(brokers.kafkaSettings("reader"), topics)) {
            send(p, topics, Channel.ALERTS, "press-1", Codecs.alert().encode(anomaly("press-1", T0)));
            Alarm raised = reader.await(a -> a.status() == AlarmStatus.ACTIVE_UNACK);
            assertThat(raised.cause()).isEqualTo("anomaly");

            OperatorAction ack = OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, raised.alarmId(), "ana",
                    "bearing ordered", T0);
            send(p, topics, Channel.OPERATOR_ACTIONS, raised.alarmId(), Codecs.operatorAction().encode(ack));
            Alarm acked = reader.await(a -> a.status() == AlarmStatus.ACTIVE_ACK);
            assertThat(acked.alarmId()).isEqualTo(raised.alarmId());
            assertThat(acked.acknowledgedBy()).isEqualTo("ana");
            assertThat(acked.note()).isEqualTo("bearing ordered");
            assertThat(acked.acknowledgedAt()).isEqualTo(T0);

            send(p, topics, Channel.OPERATOR_ACTIONS, raised.alarmId(), "junk".getBytes(StandardCharsets.UTF_8));
            while (service.rejections().values().stream().mapToLong(Long::longValue).sum() < 1) {
                Thread.sleep(10);
            }
            assertThat(service.rejections()).containsKey(dev.cascade.protocol.codec.RejectReason.MALFORMED);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void flappingCondition_raisesOneAlarmNotFifty_andClearsOnceTheConditionHasEnded(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        ManualClock clock = new ManualClock(T0);
        AlarmPolicy policy = AlarmPolicy.defaults().withClearing(3, Duration.ofSeconds(30), Duration.ofMinutes(10))
                .withEscalation(java.util.Optional.empty(), 0, java.util.Optional.empty());
        try (Notifier none = Notifier.none();
             AlarmService service = AlarmService.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics)
                     .withPolicy(policy), none, clock);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test");
             AlarmTopicReader reader = new AlarmTopicReader(brokers.kafkaSettings("reader"), topics)) {
            for (int round = 0; round < 50; round++) {
                send(p, topics, Channel.ALERTS, "press-2", Codecs.alert().encode(anomaly("press-2", clock.instant())));
                for (int i = 0; i < 3; i++) {
                    send(p, topics, Channel.RESULTS, "press-2", Codecs.inferenceResult().encode(
                            result("press-2", SensorKind.VIBRATION, Verdict.NORMAL, clock.instant())));
                }
                awaitInputs(service, Channel.RESULTS, 3L * (round + 1));
                clock.advance(Duration.ofSeconds(10));
            }
            clock.advance(Duration.ofSeconds(30));
            Alarm cleared = reader.await(a -> !a.status().active());
            assertThat(cleared.status()).isEqualTo(AlarmStatus.CLEARED_UNACK);
            assertThat(cleared.clearedBy()).isEqualTo(Alarm.SYSTEM);
            assertThat(cleared.note()).isEqualTo("condition ended: 3 normal windows");
            assertThat(cleared.count()).isEqualTo(50);
            assertThat(reader.seen()).extracting(Alarm::alarmId).containsOnly(cleared.alarmId());
            assertThat(reader.seen()).filteredOn(a -> !a.status().active()).hasSize(1);
            assertThat(service.events().get(AlarmEvent.RAISED)).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void silentDevice_raisesDeviceOffline_andClearsWhenItReturns(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        ManualClock clock = new ManualClock(T0);
        AlarmPolicy policy = AlarmPolicy.defaults().withOfflineAfter(SensorKind.VIBRATION, Duration.ofMinutes(2));
        try (Notifier none = Notifier.none();
             AlarmService service = AlarmService.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics)
                     .withPolicy(policy), none, clock);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test");
             AlarmTopicReader reader = new AlarmTopicReader(brokers.kafkaSettings("reader"), topics)) {
            send(p, topics, Channel.RESULTS, "press-3", Codecs.inferenceResult().encode(
                    result("press-3", SensorKind.VIBRATION, Verdict.NORMAL, T0)));
            awaitInputs(service, Channel.RESULTS, 1);
            clock.advance(Duration.ofMinutes(2));
            Alarm offline = reader.await(a -> a.cause().equals("device_offline"));
            assertThat(offline.deviceId().value()).isEqualTo("press-3");
            assertThat(offline.status()).isEqualTo(AlarmStatus.ACTIVE_UNACK);
            assertThat(offline.summary()).isEqualTo("press-3: silent since 2026-12-01T10:00:00Z, expected within PT2M (vibration)");

            send(p, topics, Channel.TELEMETRY, "press-3", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
            Alarm back = reader.await(a -> a.cause().equals("device_offline") && !a.status().active());
            assertThat(back.alarmId()).isEqualTo(offline.alarmId());
            assertThat(back.note()).isEqualTo("device back online");
            assertThat(back.clearedBy()).isEqualTo(Alarm.SYSTEM);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void restartOfTheService_keepsOpenAlarms(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        ManualClock clock = new ManualClock(T0);
        AlarmServiceConfig config = AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics);
        try (Notifier none = Notifier.none();
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test");
             AlarmTopicReader reader = new AlarmTopicReader(brokers.kafkaSettings("reader"), topics)) {
            Alarm raised;
            try (AlarmService first = AlarmService.start(config, none, clock)) {
                assertThat(first.restored()).isZero();
                send(p, topics, Channel.ALERTS, "press-4", Codecs.alert().encode(anomaly("press-4", T0)));
                raised = reader.await(a -> a.deviceId().value().equals("press-4"));
            }
            try (AlarmService second = AlarmService.start(config, none, clock)) {
                assertThat(second.restored()).isEqualTo(1);
                assertThat(second.openAlarms()).isEqualTo(1);
                send(p, topics, Channel.ALERTS, "press-4", Codecs.alert().encode(anomaly("press-4", T0)));
                Alarm again = reader.await(a -> a.count() == 2);
                assertThat(again.alarmId()).isEqualTo(raised.alarmId());
                assertThat(again.firstRaisedAt()).isEqualTo(raised.firstRaisedAt());
                send(p, topics, Channel.OPERATOR_ACTIONS, raised.alarmId(), Codecs.operatorAction().encode(
                        OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, raised.alarmId(), "bo", "", T0)));
                assertThat(reader.await(a -> a.status().acknowledged()).alarmId()).isEqualTo(raised.alarmId());
            }
            assertThat(reader.seen()).extracting(Alarm::alarmId).containsOnly(raised.alarmId());
            assertThat(Map.of()).isEmpty();
        }
    }
}
