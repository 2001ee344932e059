package dev.cascade.actuators.notify;

import static dev.cascade.actuators.alarm.AlarmFixtures.anomaly;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cascade.actuators.alarm.AlarmEvent;
import dev.cascade.actuators.alarm.AlarmMetrics;
import dev.cascade.actuators.alarm.AlarmPolicy;
import dev.cascade.actuators.alarm.AlarmServiceConfig;
import dev.cascade.actuators.alarm.Alarms;
import dev.cascade.actuators.alarm.ManualClock;
import dev.cascade.infra.net.FreePort;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.mqtt.MqttConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class NotifyIT {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final byte[] SECRET = "s3cret-shared-with-the-receiver".getBytes(StandardCharsets.UTF_8);
    private static final ChannelLimits FAST = new ChannelLimits(100, 600, 3, Duration.ofMillis(20), Duration.ofMillis(100));

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    private NotifyConfig.Email email(String name) {
        return new NotifyConfig.Email(name, new EmailChannel.EmailSettings("127.0.0.1", smtp.getSmtp().getPort(), false,
                Optional.empty(), Optional.empty(), "cascade@farm.example", List.of("supervisor@farm.example"),
                Duration.ofSeconds(10)), FAST);
    }

    private static NotifyConfig.Webhook webhook(String name, WebhookReceiver r) {
        return new NotifyConfig.Webhook(name, r.url(), SECRET, Duration.ofSeconds(5), FAST);
    }

    private static void alert(KafkaProducer<String, byte[]> p, Topics topics, String device) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.ALERTS), device, Codecs.alert().encode(anomaly(device, T0))))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unacknowledgedAlarm_escalatesToASecondChannel(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        ManualClock clock = new ManualClock(T0);
        AlarmPolicy policy = AlarmPolicy.defaults().withEscalation(Optional.of(Duration.ofMinutes(5)), 1, Optional.empty());
        NotifyConfig channels = new NotifyConfig(List.of(), List.of(email("supervisor")), Optional.empty(),
                List.of(new Route(Severity.WARNING, Set.of(), 0, List.of("oncall")),
                        new Route(Severity.WARNING, Set.of(), 1, List.of("supervisor"))),
                SiteMap.single("farm"));
        try (WebhookReceiver hook = new WebhookReceiver(200)) {
            NotifyConfig withHook = new NotifyConfig(List.of(webhook("oncall", hook)), channels.emails(), Optional.empty(),
                    channels.routes(), channels.sites());
            try (Alarms alarms = Alarms.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics).withPolicy(policy),
                    withHook, brokers.mqttSettings("alarms"), clock);
                 KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test")) {
                alert(p, topics, "press-1");
                while (hook.received().isEmpty()) {
                    Thread.sleep(10);
                }
                assertThat(hook.received().get(0).text()).contains("\"event\":\"raised\"");
                assertThat(smtp.getReceivedMessages()).isEmpty();

                clock.advance(Duration.ofMinutes(5));
                assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
                MimeMessage mail = smtp.getReceivedMessages()[0];
                assertThat(mail.getSubject()).isEqualTo("[cascade critical] press-1 anomaly escalated");
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("supervisor@farm.example");
                assertThat(((String) mail.getContent())).startsWith("[CRITICAL] press-1 anomaly escalated (site farm, 1 report, escalation 1): press-1: vibration anomaly");
                assertThat(alarms.service().events().get(AlarmEvent.ESCALATED)).isEqualTo(1);
                assertThat(alarms.notifier().queued("oncall")).isZero();
                assertThat(alarms.notifier().counts("oncall").get(DeliveryResult.DELIVERED)).isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void failingWebhook_answering500_doesNotHoldUpEmail_andEveryOutcomeIsCounted(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WebhookReceiver hook = new WebhookReceiver(500)) {
            NotifyConfig channels = new NotifyConfig(List.of(webhook("oncall", hook)), List.of(email("mail")), Optional.empty(),
                    List.of(new Route(Severity.WARNING, Set.of(), 0, List.of("oncall", "mail"))), SiteMap.single("farm"));
            try (Alarms alarms = Alarms.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics), channels,
                    brokers.mqttSettings("alarms"), new ManualClock(T0));
                 KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test")) {
                AlarmMetrics.bind(alarms, registry);
                for (String d : List.of("press-1", "press-2", "press-3")) {
                    alert(p, topics, d);
                }
                assertThat(smtp.waitForIncomingEmail(30_000, 3)).isTrue();
                while (alarms.notifier().counts("oncall").get(DeliveryResult.FAILED) < 3
                        || alarms.notifier().counts("mail").get(DeliveryResult.DELIVERED) < 3) {
                    Thread.sleep(10);
                }
                Map<DeliveryResult, Long> hookCounts = alarms.notifier().counts("oncall");
                assertThat(hookCounts.get(DeliveryResult.RETRIED)).isEqualTo(9);
                assertThat(hookCounts.get(DeliveryResult.DELIVERED)).isZero();
                assertThat(hook.received()).hasSize(12);
                assertThat(alarms.notifier().counts("mail").get(DeliveryResult.DELIVERED)).isEqualTo(3);
                String text = registry.scrape();
                assertThat(text).contains("cascade_actuate_notifications_total{channel=\"oncall\",result=\"failed\"} 3.0")
                        .contains("cascade_actuate_notifications_total{channel=\"oncall\",result=\"retried\"} 9.0")
                        .contains("cascade_actuate_notifications_total{channel=\"mail\",result=\"delivered\"} 3.0")
                        .contains("cascade_actuate_alarm_events_total{event=\"raised\"} 3.0");
            }
        } finally {
            registry.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void webhook_isSlackShaped_andSignedVerifiably_andMqttGetsItOnTheSiteTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        record Msg(String topic, byte[] payload) {}
        List<Msg> onMqtt = new CopyOnWriteArrayList<>();
        try (WebhookReceiver hook = new WebhookReceiver(200);
             MqttConnection app = MqttConnection.open(brokers.mqttSettings("app"))) {
            app.subscribe(topics.mqttAlarms("north"), 1, (t, b, d) -> onMqtt.add(new Msg(t, b)));
            NotifyConfig channels = new NotifyConfig(List.of(webhook("slack", hook)), List.of(),
                    Optional.of(new NotifyConfig.Mqtt("mobile", FAST)),
                    List.of(new Route(Severity.CRITICAL, Set.of("north"), 0, List.of("slack", "mobile"))),
                    new SiteMap(Map.of("press-7", "north"), "south"));
            try (Alarms alarms = Alarms.start(AlarmServiceConfig.defaults(brokers.kafkaBootstrap(), topics), channels,
                    brokers.mqttSettings("alarms"), new ManualClock(T0));
                 KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("test"), "test")) {
                alert(p, topics, "press-8");
                alert(p, topics, "press-7");
                while (hook.received().isEmpty() || onMqtt.isEmpty()) {
                    Thread.sleep(10);
                }
                WebhookReceiver.Received r = hook.received().get(0);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
                assertThat(r.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
                assertThat(WebhookSignature.verify(SECRET, r.body(), r.signature())).isTrue();
                assertThat(WebhookSignature.verify("wrong".getBytes(StandardCharsets.UTF_8), r.body(), r.signature())).isFalse();
                com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
                assertThat(json.get("text").asText()).startsWith("[CRITICAL] press-7 anomaly raised (site north, 1 report): ");
                assertThat(json.at("/cascade/event").asText()).isEqualTo("raised");
                assertThat(json.at("/cascade/site").asText()).isEqualTo("north");
                assertThat(json.at("/cascade/alarm/deviceId").asText()).isEqualTo("press-7");
                assertThat(json.at("/cascade/alarm/status").asInt()).isEqualTo(1);
                assertThat(new String(onMqtt.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(r.text());
                assertThat(onMqtt.get(0).topic()).isEqualTo(topics.namespace() + "/v1/alarms/north");
                assertThat(alarms.service().events().get(AlarmEvent.RAISED)).isEqualTo(2);
                assertThat(hook.received()).hasSize(1);
            }
        }
    }
}
