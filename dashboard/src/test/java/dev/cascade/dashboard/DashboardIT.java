package dev.cascade.dashboard;

import static dev.cascade.dashboard.DashboardFixtures.OPERATOR;
import static dev.cascade.dashboard.DashboardFixtures.OPERATOR_PASSWORD;
import static dev.cascade.dashboard.DashboardFixtures.VIEWER;
import static dev.cascade.dashboard.DashboardFixtures.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.dashboard.auth.LoginPolicy;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
@Timeout(120)
class DashboardIT {
    private static Dashboard start(TestBrokers brokers, Topics topics, DashboardOptions options, SimpleMeterRegistry registry) {
        return start(brokers, topics, options, registry, Clock.systemUTC());
    }

    private static Dashboard start(TestBrokers brokers, Topics topics, DashboardOptions options, SimpleMeterRegistry registry,
                                   Clock clock) {
        return Dashboard.start(options, brokers.kafkaSettings("dash"), topics, () -> Map.of("windows/s", 42), registry, clock);
    }

    @Test
    void withoutSession_pageRedirectsToLogin_andEveryApiIsRefused(TestBrokers brokers) throws Exception {
        try (Dashboard d = start(brokers, brokers.newTopics(), DashboardFixtures.options(), new SimpleMeterRegistry())) {
            WebSession anonymous = new WebSession(d.url());
            HttpResponse<String> page = anonymous.get("");
            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).contains("/login");
            for (String path : new String[] {"api/state", "api/session", "events", "app.js"}) {
                HttpResponse<String> r = anonymous.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.body()).as(path).contains("login required");
            }
            assertThat(anonymous.post("api/alarms/alarm-0001/acknowledge", "{}", "x".repeat(32)).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void login_setsAnHttpOnlyStrictSessionCookie_andTheSessionKnowsItsRole(TestBrokers brokers) throws Exception {
        try (Dashboard d = start(brokers, brokers.newTopics(), DashboardFixtures.options(), new SimpleMeterRegistry())) {
            WebSession viewer = new WebSession(d.url());
            HttpResponse<String> r = viewer.login(VIEWER, VIEWER_PASSWORD);
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).contains("/");
            String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cascade_session="))
                    .findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=3600")
                    .doesNotContain("Secure");
            assertThat(viewer.session().path("user").asText()).isEqualTo(VIEWER);
            assertThat(viewer.session().path("role").asText()).isEqualTo("viewer");
            assertThat(viewer.session().path("mayAct").asBoolean()).isFalse();
            HttpResponse<String> page = viewer.get("");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"/app.js\"></script>");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                    assertThat(v).contains("default-src 'self'"));
        }
    }

    @Test
    void statePost_needsCsrfAndTheOperatorRole_andPublishesTheActionWithTheOperatorsName(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = start(brokers, topics, DashboardFixtures.options(), new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("alarms"), "test");
             KafkaProbe actions = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.OPERATOR_ACTIONS))) {
            DashboardFixtures.send(p, topics, DashboardFixtures.alarm("alarm-press-1", "press-1"));
            WebSession operator = new WebSession(d.url());
            assertThat(operator.login(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(303);
            WebSession viewer = new WebSession(d.url());
            assertThat(viewer.login(VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(303);
            awaitState(operator, "alarm-press-1");

            HttpResponse<String> byViewer = viewer.post("api/alarms/alarm-press-1/acknowledge", "{}");
            assertThat(byViewer.statusCode()).isEqualTo(403);
            assertThat(byViewer.body()).contains("the operator role is required, victor is a viewer");
            HttpResponse<String> noToken = operator.post("api/alarms/alarm-press-1/acknowledge", "{}", null);
            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(noToken.body()).contains("missing or wrong CSRF token");
            HttpResponse<String> viewersToken = operator.post("api/alarms/alarm-press-1/acknowledge", "{}",
                    viewer.session().path("csrf").asText());
            assertThat(viewersToken.statusCode()).isEqualTo(403);
            HttpResponse<String> unknown = operator.post("api/alarms/alarm-nothere/acknowledge", "{}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("alarm alarm-nothere is not known to the dashboard");
            HttpResponse<String> badDevice = operator.post("api/devices/no%20such%20device/lock", "{}");
            assertThat(badDevice.statusCode()).isEqualTo(400);

            HttpResponse<String> ok = operator.post("api/alarms/alarm-press-1/acknowledge", "{\"note\":\"bearing checked\"}");
            assertThat(ok.statusCode()).isEqualTo(202);
            HttpResponse<String> lock = operator.post("api/devices/press-1/lock", "{\"note\":\"maintenance\"}");
            assertThat(lock.statusCode()).isEqualTo(202);

            List<ConsumerRecord<String, byte[]>> got = new java.util.ArrayList<>(actions.atLeast(2, Duration.ofSeconds(30)));
            assertThat(got).hasSize(2);
            // different keys, so possibly different partitions: order by action
            got.sort(java.util.Comparator.comparing(c -> Codecs.operatorAction().decode(c.value()).orElseThrow().action()));
            OperatorAction ack = Codecs.operatorAction().decode(got.get(0).value()).orElseThrow();
            OperatorAction lockOut = Codecs.operatorAction().decode(got.get(1).value()).orElseThrow();
            assertThat(ack.action()).isEqualTo(OperatorActionType.ACKNOWLEDGE_ALARM);
            assertThat(ack.target()).isEqualTo("alarm-press-1");
            assertThat(ack.operator()).isEqualTo(OPERATOR);
            assertThat(ack.note()).isEqualTo("bearing checked");
            assertThat(got.get(0).key()).isEqualTo("alarm-press-1");
            assertThat(lockOut.action()).isEqualTo(OperatorActionType.LOCK_DEVICE);
            assertThat(lockOut.target()).isEqualTo("press-1");
            assertThat(ok.body()).contains("\"actionId\":\"" + ack.actionId() + "\"");
        }
    }

    @Test
    void wrongPasswords_areSlowedThenLockedOut_andCounted(TestBrokers brokers) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoginPolicy policy = new LoginPolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(5), 4, Duration.ofMinutes(30));
        Clock stopped = Clock.fixed(java.time.Instant.parse("2026-06-01T08:00:00Z"), java.time.ZoneOffset.UTC);
        try (Dashboard d = start(brokers, brokers.newTopics(), DashboardFixtures.options(policy), registry, stopped)) {
            WebSession attacker = new WebSession(d.url());
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = attacker.login(OPERATOR, "guess-" + i);
                assertThat(r.statusCode()).isEqualTo(303);
                assertThat(r.headers().firstValue("Location")).contains("/login?m=refused");
            }
            HttpResponse<String> throttled = attacker.login(OPERATOR, OPERATOR_PASSWORD);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).contains("60");
            assertThat(throttled.body()).contains("Too many failed attempts: try again in 60 s.");
            // the right password does not help while delayed, and the name from another address is delayed too
            assertThat(new WebSession(d.url()).login(OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(429);
            assertThat(registry.counter("cascade.dashboard.logins", "outcome", "refused").count()).isEqualTo(2.0);
            assertThat(registry.counter("cascade.dashboard.logins", "outcome", "throttled").count()).isEqualTo(2.0);
            assertThat(registry.counter("cascade.dashboard.logins", "outcome", "accepted").count()).isZero();
            assertThat(new WebSession(d.url()).login(VIEWER, VIEWER_PASSWORD).statusCode()).as("same address")
                    .isEqualTo(429);
        }
    }

    @Test
    void records_fromKafka_showInTheState_andBadOnesAreCountedAndDeadLettered(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Dashboard d = start(brokers, topics, DashboardFixtures.options(), registry);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("probe"), topics.kafka(Channel.DEAD_LETTER))) {
            DashboardFixtures.send(p, topics, DashboardFixtures.result("press-7", 3.5f));
            DashboardFixtures.send(p, topics, DashboardFixtures.alarm("alarm-press-7", "press-7"));
            p.send(new ProducerRecord<>(topics.kafka(Channel.RESULTS), "press-8", "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            p.send(new ProducerRecord<>(topics.kafka(Channel.TELEMETRY), "field-2",
                    "{\"deviceId\":\"field-2\",\"model\":\"soil-edge@4\"}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            WebSession viewer = new WebSession(d.url());
            viewer.login(VIEWER, VIEWER_PASSWORD);
            String state = awaitState(viewer, "field-2");
            state = awaitState(viewer, "alarm-press-7");
            assertThat(state).contains("\"deviceId\":\"press-7\"").contains("\"state\":\"anomaly\"")
                    .contains("\"cloudModel\":\"vibration-anomaly-cloud@3\"").contains("\"v\":3.5")
                    .contains("\"status\":\"active_unack\"").contains("\"edgeModel\":\"soil-edge@4\"");
            List<ConsumerRecord<String, byte[]>> refused = dead.atLeast(1, Duration.ofSeconds(30));
            assertThat(refused.get(0).key()).isEqualTo("press-8");
            assertThat(registry.counter("cascade.dashboard.rejected", "channel", "results", "reason", "malformed").count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void events_startWithASnapshot_thenPushAlarmsAsTheyArrive(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = start(brokers, topics, DashboardFixtures.options(), new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("alarms"), "test")) {
            WebSession viewer = new WebSession(d.url());
            viewer.login(VIEWER, VIEWER_PASSWORD);
            HttpResponse<InputStream> r = viewer.client().send(HttpRequest.newBuilder(URI.create(d.url() + "events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                assertThat(nextEvent(in, "snapshot")).contains("\"windows/s\":42").contains("\"alarms\":[]");
                DashboardFixtures.send(p, topics, DashboardFixtures.alarm("alarm-mill-3", "mill-3"));
                assertThat(nextEvent(in, "alarm")).contains("\"alarmId\":\"alarm-mill-3\"").contains("\"severity\":\"critical\"");
            }
        }
    }

    private static String nextEvent(BufferedReader in, String name) throws Exception {
        String event = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && name.equals(event)) {
                return line.substring(5).trim();
            }
        }
        throw new AssertionError("stream ended before a " + name + " event");
    }

    private static String awaitState(WebSession s, String needle) throws Exception {
        // A deadline, not a count of tries: each request takes longer on a loaded machine (the class's @Timeout bounds it).
        String body = "";
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (!body.contains(needle) && System.nanoTime() < deadline) {
            body = s.get("api/state").body();
            if (!body.contains(needle)) {
                Thread.sleep(100);
            }
        }
        assertThat(body).contains(needle);
        return body;
    }
}
