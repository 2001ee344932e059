package dev.cascade.cli.role;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.logging.JsonLogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role started by the shared runner from its example file (brokers, namespace and models replaced) against the
 * test brokers, then stopped as SIGTERM would stop it.
 */
@WithBrokers
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoleCommandsIT {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path example(String path, TestBrokers brokers, Topics topics, Path dir) throws IOException {
        String yaml = Files.readString(Path.of("..").resolve(path), StandardCharsets.UTF_8)
                .replace("tcp://127.0.0.1:1883", brokers.mqttUri())
                .replace("127.0.0.1:9092", brokers.kafkaBootstrap())
                .replace("namespace: cascade", "namespace: " + topics.namespace())
                .replace("../../models/default", TestModels.dir().toAbsolutePath().toString())
                .replace("port: 8080", "port: 0")
                .replaceAll("port: 940\\d", "port: 0");
        return Files.writeString(dir.resolve(Path.of(path).getFileName()), yaml);
    }

    /** Polls readiness until it answers 200 (the role warms up after it started) or 60 s passed. */
    private static HttpResponse<String> awaitReady(HttpClient http, URI uri) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> r;
        do {
            r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return r;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return r;
    }

    /** Starts the role on a thread, waits until it runs, asks it to stop; the runner's exit status. */
    private int startAndStop(Role<?> role, Path file, Map<String, String> env) throws Exception {
        RoleRunner runner = new RoleRunner(env, new PrintWriter(out, true), new PrintWriter(err, true),
                InstantSource.system(), d -> Thread.sleep(d.toMillis()));
        StopSignal signal = new StopSignal();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(runner.run(role, file, false, signal, false)), "role-under-test");
        t.start();
        boolean started = signal.awaitStarted(Duration.ofSeconds(90));
        assertThat(started).as("started; out:\n%s\nerr:\n%s", out, err).isTrue();
        String name = role.loader().role();
        Matcher at = Pattern.compile(name + ": health and metrics on (http://[^/]+)/").matcher(out.toString());
        assertThat(at.find()).as("ops address printed; out:\n%s", out).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = awaitReady(http, URI.create(at.group(1) + "/health/ready"));
        assertThat(ready.statusCode()).as("ready: %s", ready.body()).isEqualTo(200);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(at.group(1) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("jvm_memory_used_bytes", "cascade_" + name + "_");
        signal.requestStop();
        t.join();
        return code.get();
    }

    @Test
    void edge_fromItsExampleFile_startsAndStopsCleanly(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Path file = example("edge-agent/examples/edge.yaml", brokers, brokers.newTopics(), dir);

        assertThat(startAndStop(new EdgeCommand(), file, Map.of())).isEqualTo(0);
        assertThat(out.toString()).contains("edge.sensors-mqtt.uri: " + brokers.mqttUri(), "edge: started", "edge: stopped");
    }

    @Test
    void ingest_fromItsExampleFile_startsAndStopsCleanly(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Path file = example("ingest/examples/ingest.yaml", brokers, brokers.newTopics(), dir);

        assertThat(startAndStop(new IngestCommand(), file, Map.of("CASCADE_INGEST_INSTANCE_ID", "ingest-it"))).isEqualTo(0);
        assertThat(out.toString()).contains("ingest.instance-id: ingest-it", "ingest.kafka.bootstrap: " + brokers.kafkaBootstrap(),
                "ingest: started", "ingest: stopped");
    }

    @Test
    void infer_fromItsExampleFile_startsAndStopsCleanly(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Path file = example("cloud-infer/examples/infer.yaml", brokers, brokers.newTopics(), dir);

        assertThat(startAndStop(new InferCommand(), file, Map.of("CASCADE_INFER_ONNX_ACCELERATOR", "CPU"))).isEqualTo(0);
        assertThat(out.toString()).contains("infer.onnx.accelerator: CPU", "infer: started", "infer: stopped");
    }

    @Test
    void actuate_fromItsExampleFile_startsAndStopsCleanly(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Path file = example("actuators/examples/actuate.yaml", brokers, brokers.newTopics(), dir);

        assertThat(startAndStop(new ActuateCommand(), file, Map.of())).isEqualTo(0);
        assertThat(out.toString()).contains("actuate: started", "actuate: stopped");
    }

    @Test
    void dashboard_fromItsExampleFile_startsAndStopsCleanly_withItsPasswordNeverPrintedOrLogged(TestBrokers brokers,
            @TempDir Path dir) throws Exception {
        Path file = example("dashboard/examples/dashboard.yaml", brokers, brokers.newTopics(), dir);
        List<JsonNode> lines;
        String logged;
        try (JsonLogCapture logs = JsonLogCapture.start(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.INFO)) {
            assertThat(startAndStop(new DashboardCommand(), file, Map.of("CASCADE_DASHBOARD_PASSWORD", "never-shown-42")))
                    .isEqualTo(0);
            lines = logs.lines();
            logged = logs.text();
        }

        assertThat(out.toString()).contains("dashboard.password-file: ******", "dashboard: started", "dashboard: stopped")
                .doesNotContain("never-shown-42");
        assertThat(err.toString()).doesNotContain("never-shown-42");
        assertThat(lines).isNotEmpty().anySatisfy(l -> {
            assertThat(l.path("message").asText()).startsWith("dashboard on http://");
            assertThat(l.path("role").asText()).isEqualTo("dashboard");
        });
        assertThat(logged).doesNotContain("never-shown-42");
    }
}
