package dev.cascade.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    enum Mode { FAST, SAFE }

    record Sample(String bootstrap, int port, Duration timeout, Mode mode, Optional<Path> file, long buffer,
                  Optional<Secret> password, Map<String, String> overrides) {}

    static final ConfigLoader<Sample> LOADER = new ConfigLoader<>("ingest", "a sample role", ConfigLoaderTest::read);

    static Sample read(ConfigNode n) {
        ConfigNode k = n.object("kafka", "the Kafka");
        String bootstrap = k.text("bootstrap", "127.0.0.1:9092", "[^,\\s]+:\\d{1,5}", "host:port", "bootstrap servers");
        Optional<Secret> password = k.secret("password", "file holding the password");
        Map<String, String> overrides = k.map("overrides", "client properties");
        k.finish();
        int port = (int) n.integer("port", 9402, 0, 65535, "port");
        Duration timeout = n.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5), "timeout");
        Mode mode = n.choice("mode", Mode.class, Mode.SAFE, "mode");
        Optional<Path> file = n.optionalPath("file", "a file");
        long buffer = n.size("buffer", 65536, 1, 1L << 30, "buffer size");
        return new Sample(bootstrap, port, timeout, mode, file, buffer, password, overrides);
    }

    @Test
    void file_withSeveralMistakes_reportsEveryOneNamingItsKey() {
        String yaml = """
                ingest:
                  kafka:
                    bootstrap: "kafka without port"
                    bootsrap: typo
                  port: 70000
                  timeout: soon
                  mode: RECKLESS
                  buffer: 12 parsecs
                """;

        assertThatThrownBy(() -> LOADER.parse(yaml, Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        "ingest.kafka.bootstrap must be host:port, was \"kafka without port\"",
                        "ingest.kafka.bootsrap is not a known setting (known here: bootstrap, overrides, password-file)",
                        "ingest.port must be in [0, 65535], was 70000",
                        "ingest.timeout must be a duration like 250ms, 30s, 5m, 2h, 1d or PT30S, was \"soon\"",
                        "ingest.mode must be one of FAST|SAFE, was \"RECKLESS\"",
                        "ingest.buffer must be a size like 512, 64KiB, 16MiB or 1GB, was \"12 parsecs\""))
                .hasMessageStartingWith("invalid configuration (6 problems):\n  ");
    }

    @Test
    void file_withAnotherTopLevelKey_isRefusedNamingIt() {
        assertThatThrownBy(() -> LOADER.parse("ingest: {}\negde: {}\n", Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .containsExactly("egde is not a known setting (known here: ingest)"));
    }

    @Test
    void environmentOverride_winsOverTheFile() throws ConfigException {
        String yaml = "ingest:\n  kafka:\n    bootstrap: file-host:9092\n  port: 1\n  mode: FAST\n";
        Map<String, String> env = Map.of("CASCADE_INGEST_KAFKA_BOOTSTRAP", "env-host:19092", "CASCADE_INGEST_PORT", "2",
                "CASCADE_INGEST_TIMEOUT", "250ms");

        Sample s = LOADER.parse(yaml, Path.of("."), env).value();

        assertThat(s.bootstrap()).isEqualTo("env-host:19092");
        assertThat(s.port()).isEqualTo(2);
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.mode()).isEqualTo(Mode.FAST);
    }

    @Test
    void environmentOverride_withABadValue_isAViolationNamingTheKey() {
        assertThatThrownBy(() -> LOADER.parse("ingest: {}\n", Path.of("."), Map.of("CASCADE_INGEST_PORT", "many")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .containsExactly("ingest.port must be an integer in [0, 65535], was \"many\""));
    }

    @Test
    void secretFromFile_isReadButMaskedInThePrintedConfig(@TempDir Path dir) throws IOException, ConfigException {
        Files.writeString(dir.resolve("pw"), "hunter2-secret\n");
        String yaml = "ingest:\n  kafka:\n    password-file: pw\n    overrides: {sasl.jaas.config: jaas-secret, linger.ms: 5}\n";

        LoadedConfig<Sample> loaded = LOADER.parse(yaml, dir, Map.of());

        assertThat(loaded.value().password()).map(Secret::reveal).contains("hunter2-secret");
        assertThat(loaded.value().password().get()).hasToString("******");
        assertThat(loaded.value().overrides()).containsEntry("sasl.jaas.config", "jaas-secret");
        assertThat(loaded.printed()).contains("ingest.kafka.password-file: ******\n")
                .contains("ingest.kafka.overrides.sasl.jaas.config: ******\n")
                .contains("ingest.kafka.overrides.linger.ms: 5\n")
                .doesNotContain("hunter2", "jaas-secret");
        assertThat(loaded.value().toString()).doesNotContain("hunter2");
    }

    @Test
    void secretFromEnvironment_winsOverTheFileAndIsMasked(@TempDir Path dir) throws IOException, ConfigException {
        Files.writeString(dir.resolve("pw"), "from-file");

        LoadedConfig<Sample> loaded = LOADER.parse("ingest:\n  kafka:\n    password-file: pw\n", dir,
                Map.of("CASCADE_INGEST_KAFKA_PASSWORD", "from-env-secret"));

        assertThat(loaded.value().password()).map(Secret::reveal).contains("from-env-secret");
        assertThat(loaded.printed()).contains("ingest.kafka.password-file: ******").doesNotContain("from-env-secret");
    }

    @Test
    void secretFile_thatIsMissing_isAViolationWithoutItsContent(@TempDir Path dir) {
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  kafka:\n    password-file: nope\n", dir, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations())
                        .containsExactly("ingest.kafka.password-file must be a readable file, was \"" + dir.resolve("nope") + "\""));
    }

    @Test
    void inlinePassword_isNotAcceptedSoSecretsStayOutOfFiles() {
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  kafka:\n    password: plain\n", Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).singleElement()
                        .asString().startsWith("ingest.kafka.password is not a known setting"));
    }

    @Test
    void typedValues_areReadWithUnitsAndRelativePathsAgainstTheFilesFolder(@TempDir Path dir) throws ConfigException {
        LoadedConfig<Sample> loaded = LOADER.parse("ingest:\n  timeout: 2m\n  buffer: 16MiB\n  mode: fast\n  file: a/b.txt\n",
                dir, Map.of());

        assertThat(loaded.value().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(loaded.value().buffer()).isEqualTo(16L << 20);
        assertThat(loaded.value().mode()).isEqualTo(Mode.FAST);
        assertThat(loaded.value().file()).contains(dir.resolve("a/b.txt"));
        assertThat(loaded.printed()).contains("ingest.timeout: 2m\n", "ingest.buffer: 16777216\n", "ingest.port: 9402\n");
    }

    @Test
    void invalidYaml_isOneViolation() {
        assertThatThrownBy(() -> LOADER.parse("ingest: [unclosed", Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).singleElement()
                        .asString().startsWith("configuration must be valid YAML"));
    }

    @Test
    void reference_listsEveryKeyWithTypeDefaultAndDoc() {
        assertThat(LOADER.reference())
                .contains("| `ingest.kafka.bootstrap` | string | `127.0.0.1:9092` | bootstrap servers |")
                .contains("| `ingest.kafka.password-file` | secret file | `(none)` | file holding the password (or the value itself in CASCADE_INGEST_KAFKA_PASSWORD) |")
                .contains("| `ingest.timeout` | duration | `10s` | timeout |");
    }

    @Test
    void envName_upperCasesThePathWithUnderscores() {
        assertThat(ConfigNode.envName("ingest.kafka.security-protocol")).isEqualTo("CASCADE_INGEST_KAFKA_SECURITY_PROTOCOL");
    }
}
