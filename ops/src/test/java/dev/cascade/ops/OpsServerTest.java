package dev.cascade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Health health = new Health();
    private OpsServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ready_isServiceUnavailableNamingTheFailingChecks_untilEveryCheckPasses() throws Exception {
        AtomicBoolean connected = new AtomicBoolean();
        AtomicBoolean warmed = new AtomicBoolean();
        health.readiness("mqtt_connected", connected::get).readiness("models_warmed", warmed::get);
        server = OpsServer.start("127.0.0.1", 0, health, registry);

        HttpResponse<String> notReady = get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(notReady.body()).isEqualTo(
                "{\"status\":\"DOWN\",\"failing\":{\"models_warmed\":[\"not ready\"],\"mqtt_connected\":[\"not ready\"]}}\n");

        connected.set(true);
        assertThat(get("/health/ready").body()).isEqualTo("{\"status\":\"DOWN\",\"failing\":{\"models_warmed\":[\"not ready\"]}}\n");

        warmed.set(true);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}\n");
    }

    @Test
    void ready_withNoCheckRegistered_isNotReady() throws Exception {
        server = OpsServer.start("127.0.0.1", 0, health, registry);
        HttpResponse<String> r = get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"checks\":[\"no readiness check is registered yet\"]");
    }

    @Test
    void live_isInternalErrorWithTheProblems_whileAWorkerReportsOne() throws Exception {
        List<String> problems = new ArrayList<>();
        health.liveness("workers", () -> List.copyOf(problems));
        server = OpsServer.start("127.0.0.1", 0, health, registry);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        problems.add("cascade-cloud-worker-1 stopped: \"boom\"");
        HttpResponse<String> dead = get("/health/live");
        assertThat(dead.statusCode()).isEqualTo(500);
        assertThat(dead.body()).isEqualTo(
                "{\"status\":\"DOWN\",\"failing\":{\"workers\":[\"cascade-cloud-worker-1 stopped: \\\"boom\\\"\"]}}\n");
    }

    @Test
    void check_thatThrows_countsAsFailingWithTheException() throws Exception {
        health.readiness("kafka", () -> {
            throw new IllegalStateException("no broker");
        });
        server = OpsServer.start("127.0.0.1", 0, health, registry);
        HttpResponse<String> r = get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"kafka\":[\"check failed: java.lang.IllegalStateException: no broker\"]");
    }

    @Test
    void metrics_servesABoundCounterUnderTheCascadeName() throws Exception {
        AtomicLong in = new AtomicLong(7);
        RoleMetrics m = RoleMetrics.of("ingest", registry);
        m.counter("messages_in", "MQTT messages read", in, AtomicLong::get, Tags.of("kind", "vibration"));
        server = OpsServer.start("127.0.0.1", 0, health, registry);

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(OpsServer.PROMETHEUS_TEXT);
        assertThat(r.body()).contains("cascade_ingest_messages_in_total{kind=\"vibration\"} 7.0");
    }

    @Test
    void unknownPath_isNotFound_andPost_isNotAllowed() throws Exception {
        server = OpsServer.start("127.0.0.1", 0, health, registry);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
