package dev.cascade.cli.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.net.FreePort;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.process.KafkaProcess;
import dev.cascade.testkit.process.MosquittoProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The multi-process layout, end to end, secured as {@code infra/local/stack} runs it: mosquitto with mutual TLS and
 * the ACL of {@code infra/local/stack-fleet.txt} (every connection its own certificate), Kafka in its own process, each
 * role as its own JVM from its example file with the run's certificates (brokers and ports from environment
 * overrides), a small fleet as its own process, the test's ledger as the read-only admin {@code ops-1}; a fault on one
 * machine ends with the cloud's stop acknowledged under the window's correlation id; ingest and then the cloud worker are
 * killed with SIGKILL mid-stream and restarted; every escalation the edge sent reaches Kafka and a verdict.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MultiProcessLayoutIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = REPO.resolve("cli/target/cascade.jar");
    private static final String FAULTY = "press-0001";
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private final Path run = REPO.resolve("cli/target/layout-it");
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void closeAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + started.get(i) + " failed: " + e);
            }
        }
    }

    private <T extends AutoCloseable> T own(T c) {
        started.add(c);
        return c;
    }

    /** A role from its example file with the run's certificates; brokers, ports and secrets from environment overrides. */
    private CascadeJvm role(String role, String exampleFile, Map<String, String> env) throws IOException {
        Path config = SecuredConfig.write(REPO, exampleFile, run.resolve("pki"), run.resolve("config/" + role + ".yaml"));
        return own(new CascadeJvm(role, JAR, List.of(role, "--config", config.toString()), env, REPO,
                run.resolve("logs/" + role + ".log")));
    }

    @Test
    void layout_withIngestAndInferKilledMidStream_deliversEveryEscalationToAVerdictAndAcksTheStop() throws Exception {
        assertThat(JAR).as("the packaged tool (failsafe runs after package)").exists();
        deleteRecursively(run);
        Files.createDirectories(run);

        Path pki = SecuredConfig.makePki(REPO, run.resolve("pki"));
        MosquittoProcess mosquitto = own(MosquittoProcess.startTls(run.resolve("mosquitto"), 0, false,
                MosquittoProcess.Tls.of(pki)));
        KafkaProcess kafka = own(KafkaProcess.start(run.resolve("kafka"), 0));
        String mqttUri = mosquitto.serverUri();
        assertThat(mqttUri).startsWith("ssl://");
        String bootstrap = kafka.bootstrapServers();
        Topics topics = Topics.DEFAULT;

        Map<String, Integer> ops = new LinkedHashMap<>();
        for (String r : List.of("edge", "ingest", "infer", "actuate", "dashboard")) {
            ops.put(r, FreePort.pick());
        }
        CascadeJvm edge = role("edge", "edge-agent/examples/edge.yaml", Map.of(
                "CASCADE_EDGE_SENSORS_MQTT_URI", mqttUri,
                "CASCADE_EDGE_OPS_PORT", ops.get("edge").toString(),
                "CASCADE_EDGE_UPLINK_BATCH_SIZE", "4",
                "CASCADE_EDGE_UPLINK_MAX_BATCH_DELAY", "100ms",
                "CASCADE_EDGE_POLICY_AUDIT_RATE", "0.5",
                // the edge escalates instead of acting: the stop goes sensor -> edge -> ingest -> infer -> actuate -> device
                "CASCADE_EDGE_POLICY_ACT_LOCALLY", "false"));
        CascadeJvm ingest = role("ingest", "ingest/examples/ingest.yaml", Map.of(
                "CASCADE_INGEST_MQTT_URI", mqttUri,
                "CASCADE_INGEST_KAFKA_BOOTSTRAP", bootstrap,
                "CASCADE_INGEST_OPS_PORT", ops.get("ingest").toString()));
        CascadeJvm infer = role("infer", "cloud-infer/examples/infer.yaml", Map.of(
                "CASCADE_INFER_KAFKA_BOOTSTRAP", bootstrap,
                "CASCADE_INFER_ONNX_ACCELERATOR", "CPU",
                "CASCADE_INFER_OPS_PORT", ops.get("infer").toString()));
        CascadeJvm actuate = role("actuate", "actuators/examples/actuate.yaml", Map.of(
                "CASCADE_ACTUATE_MQTT_URI", mqttUri,
                "CASCADE_ACTUATE_KAFKA_BOOTSTRAP", bootstrap,
                "CASCADE_ACTUATE_OPS_PORT", ops.get("actuate").toString()));
        Path passwordFile = Files.writeString(run.resolve("dashboard-password"), "layout-it-password\n");
        CascadeJvm dashboard = role("dashboard", "dashboard/examples/dashboard.yaml", Map.of(
                "CASCADE_DASHBOARD_KAFKA_BOOTSTRAP", bootstrap,
                "CASCADE_DASHBOARD_PORT", String.valueOf(FreePort.pick()),
                "CASCADE_DASHBOARD_PASSWORD_FILE", passwordFile.toString(),
                "CASCADE_DASHBOARD_OPS_PORT", ops.get("dashboard").toString()));
        List<CascadeJvm> roles = List.of(edge, ingest, infer, actuate, dashboard);
        for (CascadeJvm r : roles) {
            r.start();
        }
        for (CascadeJvm r : roles) {
            awaitReady(r, ops.get(r.name()));
        }
        for (CascadeJvm r : roles) {
            String metrics = get(ops.get(r.name()), "/metrics").body();
            assertThat(metrics).as("%s /metrics", r.name()).contains("cascade_" + r.name() + "_");
        }

        EscalationLedger ledger = new EscalationLedger(topics);
        MqttProbe escalations = own(new MqttProbe(SecuredConfig.as(mqttUri, "ops-1", pki)));
        escalations.connection().subscribe(topics.mqttFilter(Channel.ESCALATIONS), 1, (t, p, d) -> ledger.record(t, p));
        escalations.connection().subscribe(topics.mqttFilter(Channel.ESCALATION_BATCHES), 1, (t, p, d) -> ledger.record(t, p));

        Path fleetFile = Files.writeString(run.resolve("fleet.yaml"), resource("/layout/fleet.yaml")
                .replace("@MQTT_URI@", mqttUri).replace("@PKI@", pki.toString()));
        CascadeJvm fleet = own(new CascadeJvm("simulate", JAR, List.of("simulate", "--config", fleetFile.toString(),
                "--duration", "180s"), Map.of(), REPO, run.resolve("logs/simulate.log"))).start();

        KafkaSettings kafkaSettings = KafkaSettings.of(bootstrap, "layout-it");
        KafkaProbe acks = own(new KafkaProbe(kafkaSettings, topics.kafka(Channel.ACKS)));
        List<ConsumerRecord<String, byte[]>> ackRecords = acks.until(
                rs -> decodeAll(rs, MultiProcessLayoutIT::ack).stream().anyMatch(MultiProcessLayoutIT::stopOfFaulty),
                Duration.ofSeconds(90));
        CommandAck stopAck = decodeAll(ackRecords, MultiProcessLayoutIT::ack).stream()
                .filter(MultiProcessLayoutIT::stopOfFaulty).findFirst()
                .orElseThrow(() -> new AssertionError("no acknowledged stop_machine for " + FAULTY + " within 90 s; acks: "
                        + decodeAll(ackRecords, MultiProcessLayoutIT::ack) + "\n" + tails(roles)));

        // Mid-stream: the fleet still sends. SIGKILL ingest, restart it from the same file; then the same for infer.
        int before = ledger.size();
        ingest.kill();
        awaitMoreEscalations(ledger, before + 4, edge);
        ingest.start();
        awaitReady(ingest, ops.get("ingest"));
        before = ledger.size();
        infer.kill();
        awaitMoreEscalations(ledger, before + 4, edge);
        infer.start();
        awaitReady(infer, ops.get("infer"));
        awaitMoreEscalations(ledger, ledger.size() + 4, edge);

        OptionalInt fleetExit = fleet.terminate(Duration.ofSeconds(20));
        System.out.println("fleet stopped (" + fleetExit + "); " + ledger.summary());

        // Drain: every id the edge sent must be on the escalations topic and have a result.
        KafkaProbe escalationTopic = own(new KafkaProbe(kafkaSettings, topics.kafka(Channel.ESCALATIONS)));
        KafkaProbe resultTopic = own(new KafkaProbe(kafkaSettings, topics.kafka(Channel.RESULTS)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<String, String> missingInKafka;
        Map<String, String> missingResults;
        List<String> kafkaIds;
        List<String> resultIds;
        do {
            kafkaIds = ids(escalationTopic.drain(Duration.ofMillis(500)), r -> escalation(r).map(e -> e.window().correlationId().value()));
            resultIds = ids(resultTopic.drain(Duration.ofMillis(500)), r -> result(r).map(x -> x.correlationId().value()));
            missingInKafka = ledger.missingFrom(kafkaIds);
            missingResults = ledger.missingFrom(resultIds);
        } while ((!missingInKafka.isEmpty() || !missingResults.isEmpty()) && System.nanoTime() < deadline);

        Map<String, Integer> dupEscalations = EscalationLedger.duplicates(kafkaIds);
        Map<String, Integer> dupResults = EscalationLedger.duplicates(resultIds);
        System.out.println("ledger: " + ledger.summary() + "; Kafka escalations " + kafkaIds.size() + " records, "
                + dupEscalations.size() + " ids duplicated " + dupEscalations + "; results " + resultIds.size() + " records, "
                + dupResults.size() + " ids duplicated " + dupResults);
        assertThat(ledger.undecodable()).as("undecodable escalation messages on MQTT").isEmpty();
        assertThat(ledger.size()).as(ledger.summary()).isGreaterThan(20);
        assertThat(missingInKafka).as("escalation ids the edge sent that are not in Kafka (id=device)\n%s", tails(roles))
                .isEmpty();
        assertThat(missingResults).as("escalation ids without an inference result (id=device)\n%s", tails(roles))
                .isEmpty();

        // Checked after the drain: the edge acts first and escalates the window it acted on after (batching may delay it).
        assertThat(ledger.idsOf(FAULTY)).as("the stop's correlation id is one of the escalations %s sent", FAULTY)
                .contains(stopAck.correlationId().value());
        assertThat(resultIds).as("the cloud's verdict on the window that stopped %s", FAULTY)
                .contains(stopAck.correlationId().value());
        List<Command> commands = decodeAll(own(new KafkaProbe(kafkaSettings, topics.kafka(Channel.COMMANDS)))
                .drain(Duration.ofSeconds(1)), MultiProcessLayoutIT::command);
        List<Command> stopCommands = commands.stream().filter(c -> c.header().commandId().equals(stopAck.commandId())).toList();
        System.out.println("stop of " + FAULTY + ": " + stopAck + "; its command on Kafka: " + stopCommands);
        assertThat(stopAck.origin()).as("who decided the stop").isEqualTo(CommandOrigin.CLOUD);
        assertThat(stopCommands).as("the cloud's StopMachine the ack answers").isNotEmpty().allSatisfy(c -> {
            assertThat(c).isInstanceOf(StopMachine.class);
            assertThat(c.header().deviceId().value()).isEqualTo(FAULTY);
            assertThat(c.header().correlationId()).isEqualTo(stopAck.correlationId());
        });

        // SIGTERM every role: each exits 0 within its shutdown timeout (plus JVM start-up slack).
        for (CascadeJvm r : List.of(dashboard, actuate, infer, ingest, edge)) {
            OptionalInt code = r.terminate(SHUTDOWN.plusSeconds(5));
            assertThat(code).as("%s exit status after SIGTERM\n%s", r.name(), r.tail(30)).isEqualTo(OptionalInt.of(0));
            assertThat(r.log()).as("%s log", r.name()).contains(r.name() + ": stopped");
        }
    }

    private static boolean stopOfFaulty(CommandAck a) {
        return a.commandType().equals(StopMachine.TYPE) && a.deviceId().value().equals(FAULTY) && a.status().success();
    }

    private void awaitReady(CascadeJvm r, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!r.alive()) {
                throw new AssertionError(r.name() + " exited before it was ready\n" + r.tail(40));
            }
            try {
                last = get(port, "/health/ready").statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(r.name() + " /health/ready not 200 within 120 s (last " + last + ")\n" + r.tail(40));
    }

    /** Waits (mid-stream) until the edge sent at least {@code n} escalation ids in all. */
    private static void awaitMoreEscalations(EscalationLedger ledger, int n, CascadeJvm edge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ledger.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the edge sent " + ledger.size() + " escalation ids, waited for " + n + "\n" + edge.tail(30));
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tails(List<CascadeJvm> roles) {
        StringBuilder b = new StringBuilder();
        roles.forEach(r -> b.append(r.tail(15)).append('\n'));
        return b.toString();
    }

    private static <T> List<T> decodeAll(List<ConsumerRecord<String, byte[]>> rs, Function<ConsumerRecord<String, byte[]>, Optional<T>> f) {
        return rs.stream().map(f).flatMap(Optional::stream).toList();
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> rs, Function<ConsumerRecord<String, byte[]>, Optional<String>> f) {
        return decodeAll(rs, f);
    }

    private static Optional<CommandAck> ack(ConsumerRecord<String, byte[]> r) {
        return Codecs.commandAck().decode(r.value()).value();
    }

    private static Optional<Command> command(ConsumerRecord<String, byte[]> r) {
        return Codecs.command().decode(r.value()).value();
    }

    private static Optional<Escalation> escalation(ConsumerRecord<String, byte[]> r) {
        return Codecs.escalation().decode(r.value()).value();
    }

    private static Optional<InferenceResult> result(ConsumerRecord<String, byte[]> r) {
        return Codecs.inferenceResult().decode(r.value()).value();
    }

    private static String resource(String name) throws IOException {
        try (var in = MultiProcessLayoutIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
