package dev.cascade.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.infra.net.FreePort;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.security.pki.DevCertificateAuthority;
import dev.cascade.security.pki.Usage;
import dev.cascade.testkit.security.RawMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code infra/local/stack up --only brokers} (its default: mosquitto with mutual TLS and the dynamic-security plugin configured from
 * {@code infra/local/stack-fleet.txt}, certificates made here with the same code as {@code cascade certs}), uses the
 * brokers, checks what the secured broker refuses, then {@code stack down}.
 */
class StackScriptIT {
    private record Run(int exit, String output) {}

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void upOnlyBrokers_startsMosquittoAndKafkaWithTopics_andDownStopsExactlyThose(@TempDir Path dir) throws Exception {
        int mqttPort = FreePort.pick();
        int kafkaPort = distinct(mqttPort);
        int controllerPort = distinct(mqttPort, kafkaPort);
        Path runDir = dir.resolve("run");
        Path pki = dir.resolve("pki");
        Fleet fleet = FleetFile.parse(Files.readString(RepoFiles.find("infra/local/stack-fleet.txt"))
                .replace("namespace cascade", "namespace stackit"), "stack-fleet.txt");
        FleetCertificates.write(fleet, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        Path rogue = dir.resolve("rogue");
        DevCertificateAuthority.create("rogue-ca", Duration.ofDays(2)).issue("ops-1", Usage.CLIENT, List.of(),
                Duration.ofDays(2)).writePem(rogue.resolve("clients"));
        List<String> ports = List.of("--run-dir", runDir.toString(), "--mqtt-port", String.valueOf(mqttPort),
                "--kafka-port", String.valueOf(kafkaPort), "--kafka-controller-port", String.valueOf(controllerPort),
                "--pki", pki.toString());
        long mosquittoPid = -1;
        long kafkaPid = -1;
        try {
            Run up = stack("up", "--only", "brokers", ports);
            assertThat(up.exit()).as(up.output()).isZero();
            assertThat(up.output()).contains("stack: up, MQTT ssl://127.0.0.1:" + mqttPort + " (mutual TLS + ACL (dynamic-security plugin), certificates in "
                    + pki + "), Kafka 127.0.0.1:" + kafkaPort + " (plaintext)");
            assertThat(Files.readString(runDir.resolve("mosquitto/mosquitto.conf"))).contains("require_certificate true",
                    "use_identity_as_username true", "use_username_as_clientid true", "allow_anonymous false",
                    "plugin " + DynsecPlugin.find(), "plugin_opt_config_file " + runDir.resolve("mosquitto/dynamic-security.json"))
                    .doesNotContain("\nacl_file");
            assertThat(runDir.resolve("mosquitto/dynamic-security.json")).hasSameTextualContentAs(
                    pki.resolve("mosquitto/dynamic-security.json"));
            assertThat(up.output()).contains("topics of namespace stackit ready on 127.0.0.1:" + kafkaPort);
            mosquittoPid = pid(runDir, "mosquitto");
            kafkaPid = pid(runDir, "kafka");
            assertThat(command(mosquittoPid)).contains("mosquitto");
            assertThat(command(kafkaPid)).contains("java");
            assertThat(runDir.resolve("logs/mosquitto.log")).exists();
            assertThat(runDir.resolve("logs/kafka.log")).exists();

            String uri = "ssl://127.0.0.1:" + mqttPort;
            Path ca = pki.resolve("ca.pem");
            assertThatThrownBy(() -> RawMqttClient.connect("tcp://127.0.0.1:" + mqttPort, "anonymous", null, Optional.empty(),
                    Optional.empty(), false).close()).as("a plain, anonymous client").isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> RawMqttClient.connect(uri, "ops-1", RawMqttClient.tls(ca, rogue, "ops-1"),
                    Optional.empty(), Optional.empty(), false).close()).as("a certificate of another CA")
                    .isInstanceOf(MqttException.class);
            try (RawMqttClient ops = RawMqttClient.connect(uri, "ops-1", RawMqttClient.tls(ca, pki, "ops-1"), Optional.empty(),
                         Optional.empty(), false);
                 RawMqttClient edge = RawMqttClient.connect(uri, "gateway-1-sensors",
                         RawMqttClient.tls(ca, pki, "gateway-1-sensors"), Optional.empty(), Optional.empty(), false);
                 RawMqttClient ingest = RawMqttClient.connect(uri, "ingest-1", RawMqttClient.tls(ca, pki, "ingest-1"),
                         Optional.empty(), Optional.empty(), false);
                 RawMqttClient sim = RawMqttClient.connect(uri, "cascade-sim-0", RawMqttClient.tls(ca, pki, "cascade-sim-0"),
                         Optional.empty(), Optional.empty(), false)) {
                assertThat(ops.subscribe("#")).isLessThan(0x80);
                assertThat(edge.subscribe("#")).as("the plugin checks subscriptions").isEqualTo(RawMqttClient.NOT_AUTHORIZED);
                assertThat(edge.subscribe("$share/ingest/stackit/v1/+/escalations")).as("ingest's shared group")
                        .isEqualTo(RawMqttClient.NOT_AUTHORIZED);
                assertThat(edge.subscribe("stackit/v1/+/windows")).isLessThan(0x80);
                assertThat(sim.publish("stackit/v1/press-0001/acks", "ack")).isLessThan(0x80);
                assertThat(sim.publish("stackit/v1/press-0001/windows", "window")).isLessThan(0x80);
                assertThat(ingest.publish("stackit/v1/press-0001/commands", "forged stop")).as("a command not from actuators")
                        .isEqualTo(RawMqttClient.NOT_AUTHORIZED);
                assertThat(ops.publish("stackit/v1/press-0001/windows", "admin is read-only"))
                        .isEqualTo(RawMqttClient.NOT_AUTHORIZED);

                assertThat(ops.next()).contains("stackit/v1/press-0001/acks ack");
                assertThat(ops.next()).contains("stackit/v1/press-0001/windows window");
                // the ack came first; the edge subscribed only to the windows
                assertThat(edge.next()).contains("stackit/v1/press-0001/windows window");
            }
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
            try (Admin admin = Admin.create(p)) {
                Set<String> topics = admin.listTopics().names().get(60, TimeUnit.SECONDS);
                assertThat(topics).contains("stackit.v1.escalations", "stackit.v1.commands", "stackit.v1.acks",
                        "stackit.v1.results", "stackit.v1.alerts", "stackit.v1.dead-letter");
            }

            Run status = stack("status", ports.subList(0, 2));
            assertThat(status.exit()).isZero();
            assertThat(status.output()).containsPattern("kafka +" + kafkaPid + " +running")
                    .containsPattern("mosquitto +" + mosquittoPid + " +running");

            Run down = stack("down", ports.subList(0, 2));
            assertThat(down.exit()).as(down.output()).isZero();
            assertThat(down.output()).contains("stopped kafka (pid " + kafkaPid + ")")
                    .contains("stopped mosquitto (pid " + mosquittoPid + ")");
            assertThat(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(ProcessHandle.of(mosquittoPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(stack("status", ports.subList(0, 2)).output()).doesNotContain("running");
        } finally {
            for (long pid : new long[] {kafkaPid, mosquittoPid}) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Run stack(String command, List<String> options) throws IOException, InterruptedException {
        return stack(command, null, null, options);
    }

    private static Run stack(String command, String flag, String value, List<String> options)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", RepoFiles.find("infra/local/stack").toString(), command));
        if (flag != null) {
            cmd.add(flag);
            cmd.add(value);
        }
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KAFKA_CLASSPATH", KafkaProcess.testClassPath());
        env.put("CASCADE_NAMESPACE", "stackit");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stack " + command + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    private static long pid(Path runDir, String name) throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("pids/" + name + ".pid")).trim().split(" ")[0]);
    }

    private static String command(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("(gone)");
    }

    private static int distinct(int... taken) {
        while (true) {
            int p = FreePort.pick();
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == p)) {
                return p;
            }
        }
    }
}
