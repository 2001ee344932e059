package dev.cascade.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@WithBrokers
class DashboardIT {
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("operator:correct-horse".getBytes(StandardCharsets.UTF_8));

    private static AnomalyAlert alert(String device) {
        return new AnomalyAlert(AlertHeader.caused("anomaly", DeviceId.of(device), CorrelationId.random(), Severity.CRITICAL,
                Instant.now()), 3.2f, 1.1f, new ModelRef("vibration-anomaly-cloud", "1"), true);
    }

    @Test
    void withoutLogin_everyPageIsRefused(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = Dashboard.start(new DashboardOptions("127.0.0.1", 0, "operator", "correct-horse"),
                brokers.kafkaSettings("dash"), topics, Map::of)) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/", "/api/alerts", "/api/status", "/events"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(d.url() + path.substring(1))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            }
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(d.url() + "api/alerts"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:guess".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void alertsFromKafka_areShownOncePerCondition_withTheirCount(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = Dashboard.start(new DashboardOptions("127.0.0.1", 0, "operator", "correct-horse"),
                brokers.kafkaSettings("dash"), topics, () -> Map.of("windows/s", 42));
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            for (AnomalyAlert a : new AnomalyAlert[] {alert("press-1"), alert("press-1"), alert("press-2")}) {
                p.send(new ProducerRecord<>(topics.kafka(Channel.ALERTS), a.header().deviceId().value(), Codecs.alert().encode(a)))
                        .get(30, TimeUnit.SECONDS);
            }
            HttpClient http = HttpClient.newHttpClient();
            String body = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                body = http.send(HttpRequest.newBuilder(URI.create(d.url() + "api/alerts")).header("Authorization", AUTH).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("press-2") && body.contains("\"count\":2")) {
                    break;
                }
                Thread.sleep(100);
            }

            assertThat(body).contains("\"device\":\"press-1\"").contains("\"count\":2").contains("\"device\":\"press-2\"")
                    .contains("vibration anomaly");
            assertThat(d.alertCounts()).containsEntry("critical", 3L);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(d.url())).header("Authorization", AUTH).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("EventSource('/events')");
        }
    }

    @Test
    void events_streamTheStatusToTheBrowser(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = Dashboard.start(new DashboardOptions("127.0.0.1", 0, "operator", "correct-horse"),
                brokers.kafkaSettings("dash"), topics, () -> Map.of("windows/s", 42))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(d.url() + "events"))
                    .header("Authorization", AUTH).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String event = null;
                String data = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "status".equals(event)) {
                        data = line.substring(5).trim();
                        break;
                    }
                }
                assertThat(data).isEqualTo("{\"windows/s\":42}");
            }
        }
    }
}
