package dev.cascade.cli.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cli.Cascade;
import dev.cascade.infra.net.FreePort;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Role commands without a broker: bad files, printing the configuration, an unreachable broker. */
class RoleCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cascade(String... args) {
        CommandLine cl = Cascade.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A runner whose sleeps move a manual clock instead of waiting. */
    private static final class ManualTime implements InstantSource, RoleRunner.Sleeper {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    @Test
    void ingest_withAFileOfSeveralMistakes_exitsTwoListingEveryOneWithItsKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ingest.yaml"), """
                ingest:
                  kafka: {bootstrap: kafka-without-port}
                  mqtt: {uri: 'http://127.0.0.1:1883', keep-alive: forever}
                  max-pending: 0
                  shutdown: {timeout: 1y}
                  colour: blue
                """);

        int code = cascade("ingest", "--config", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid configuration (6 problems)",
                "ingest.kafka.bootstrap must be host:port[,host:port...], was \"kafka-without-port\"",
                "ingest.mqtt.uri must be tcp://host:port or ssl://host:port, was \"http://127.0.0.1:1883\"",
                "ingest.mqtt.keep-alive must be a duration like 250ms, 30s, 5m, 2h, 1d or PT30S, was \"forever\"",
                "ingest.max-pending must be in [1, 65535], was 0",
                "ingest.shutdown.timeout must be a duration like 250ms, 30s, 5m, 2h, 1d or PT30S, was \"1y\"",
                "ingest.colour is not a known setting");
        assertThat(out.toString()).doesNotContain("effective configuration");
    }

    @Test
    void everyRole_withAnEmptyFile_saysWhatIsMissingOrStartsFromDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "");

        assertThat(cascade("edge", "--config", file.toString(), "--print-config")).isEqualTo(2);
        assertThat(err.toString()).contains("edge.models must be at least one of vibration, soil, was none");
        assertThat(cascade("dashboard", "--config", file.toString(), "--print-config")).isEqualTo(2);
        assertThat(err.toString()).contains("dashboard.password-file must be set (or CASCADE_DASHBOARD_PASSWORD), was (none)");
        assertThat(cascade("actuate", "--config", file.toString(), "--print-config")).isEqualTo(0);
        assertThat(out.toString()).contains("actuate.mqtt.uri: tcp://127.0.0.1:1883\n", "actuate.kafka.bootstrap: 127.0.0.1:9092\n",
                "actuate.ops.port: 9404\n", "actuate.startup.connect-timeout: 30s\n", "actuate.shutdown.timeout: 10s\n",
                "actuate.ack-connections: 4\n");
    }

    @Test
    void actuate_withTooManyAckConnections_isRefusedNamingTheKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("actuate.yaml"), "actuate:\n  ack-connections: 17\n");

        assertThat(cascade("actuate", "--config", file.toString(), "--print-config")).isEqualTo(2);
        assertThat(err.toString()).contains("actuate.ack-connections must be in [1, 16], was 17");
    }

    @Test
    void missingFile_exitsTwoNamingIt(@TempDir Path dir) {
        int code = cascade("infer", "--config", dir.resolve("nope.yaml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("configuration file must be readable, was " + dir.resolve("nope.yaml"));
    }

    @Test
    void printConfig_showsTheEffectiveConfigurationWithSecretsMasked_andExitsZero(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("login"), "dash-secret-1234\n");
        Files.writeString(dir.resolve("jaas"), "PlainLoginModule required password=\"kafka-secret-99\";");
        Path file = Files.writeString(dir.resolve("dashboard.yaml"), """
                dashboard:
                  port: 0
                  password-file: login
                  kafka:
                    bootstrap: 127.0.0.1:19092
                    security-protocol: SASL_PLAINTEXT
                    sasl: {mechanism: PLAIN, jaas-file: jaas}
                    overrides: {ssl.key.password: override-secret-7}
                """);

        int code = cascade("dashboard", "--config", file.toString(), "--print-config");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).contains("dashboard.password-file: ******\n", "dashboard.kafka.sasl.jaas-file: ******\n",
                        "dashboard.kafka.overrides.ssl.key.password: ******\n", "dashboard.kafka.bootstrap: 127.0.0.1:19092\n",
                        "dashboard.port: 0\n", "dashboard.ops.host: 127.0.0.1\n", "dashboard.ops.port: 9405\n")
                .doesNotContain("dash-secret-1234", "kafka-secret-99", "override-secret-7");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void environment_overridesTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ingest.yaml"), "ingest:\n  kafka: {bootstrap: from-file:9092}\n");
        ManualTime time = new ManualTime();
        RoleRunner runner = new RoleRunner(Map.of("CASCADE_INGEST_KAFKA_BOOTSTRAP", "from-env:19092",
                "CASCADE_INGEST_OPS_PORT", "19402"), new PrintWriter(out, true), new PrintWriter(err, true), time, time);

        int code = runner.run(new IngestCommand(), file, true, new StopSignal(), false);

        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).contains("ingest.kafka.bootstrap: from-env:19092\n", "ingest.ops.port: 19402\n")
                .doesNotContain("from-file");
    }

    @Test
    void unreachableBroker_exitsOneAfterTheBoundedRetry_namingTheBroker(@TempDir Path dir) throws IOException {
        int closed = FreePort.pick();
        Path file = Files.writeString(dir.resolve("actuate.yaml"), """
                actuate:
                  mqtt: {uri: 'tcp://127.0.0.1:%d', connect-timeout: 1s}
                  kafka: {bootstrap: '127.0.0.1:%d'}
                  startup: {connect-timeout: 3s}
                  ops: {port: 0}
                """.formatted(closed, closed));
        ManualTime time = new ManualTime();
        RoleRunner runner = new RoleRunner(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), time, time);

        int code = runner.run(new ActuateCommand(), file, false, new StopSignal(), false);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("actuate: cannot reach MQTT broker tcp://127.0.0.1:" + closed
                + " within 3 s (startup.connect-timeout)");
        assertThat(time.sleeps).as("retried with growing back-off up to the deadline")
                .startsWith(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(time.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(3));
        assertThat(out.toString()).doesNotContain("actuate: started");
    }
}
