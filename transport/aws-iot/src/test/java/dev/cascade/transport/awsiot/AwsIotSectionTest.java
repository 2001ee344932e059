package dev.cascade.transport.awsiot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsIotSectionTest {
    private static final ConfigLoader<AwsIotSettings> LOADER = new ConfigLoader<>("edge", "test",
            n -> AwsIotSection.read(n.object("aws-iot", "the uplink"), "gateway-1").orElse(null));

    private static void writePem(Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("gw.pem"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
        java.nio.file.Files.writeString(dir.resolve("gw-key.pem"), "-----BEGIN " + "PRIVATE KEY-----\nAA==\n-----END " + "PRIVATE KEY-----\n");
    }

    @Test
    void section_withEverySetting_isReadIntoAwsIotSettings(@TempDir Path etc) throws Exception {
        writePem(etc);
        String yaml = """
                edge:
                  aws-iot:
                    host: abc123-ats.iot.eu-west-1.amazonaws.com
                    port: 443
                    cert-file: gw.pem
                    key-file: gw-key.pem
                    session-expiry: 2h
                    reconnect-min: 200ms
                    reconnect-max: 5s
                    aws-iot-core-limits: false
                """;

        AwsIotSettings s = LOADER.parse(yaml, etc, Map.of()).value();

        assertThat(s.host()).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com");
        assertThat(s.port()).isEqualTo(443);
        assertThat(s.clientId()).isEqualTo("gateway-1");
        assertThat(s.certFile()).isEqualTo(etc.resolve("gw.pem"));
        assertThat(s.caFile()).isEqualTo(Optional.empty());
        assertThat(s.sessionExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(s.minReconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.awsIotCoreLimits()).isFalse();
    }

    @Test
    void certFileWithClientIdPlaceholder_isCheckedForTheClientId_andEachLinkPresentsItsOwn(@TempDir Path etc)
            throws Exception {
        writePem(etc);
        java.nio.file.Files.copy(etc.resolve("gw.pem"), etc.resolve("gw-device.pem"));
        java.nio.file.Files.copy(etc.resolve("gw-key.pem"), etc.resolve("gw-device-key.pem"));
        String yaml = """
                edge:
                  aws-iot: {client-id: gw, cert-file: "{client-id}.pem", key-file: "{client-id}-key.pem"}
                """;

        AwsIotSettings s = LOADER.parse(yaml, etc, Map.of()).value();

        assertThat(s.clientCertFile()).isEqualTo(etc.resolve("gw.pem"));
        assertThat(s.withClientId("gw-device").clientCertFile()).isEqualTo(etc.resolve("gw-device.pem"));
        assertThat(s.withClientId("gw-device").clientKeyFile()).isEqualTo(etc.resolve("gw-device-key.pem"));
        assertThatThrownBy(() -> LOADER.parse(yaml.replace("client-id: gw,", "client-id: other,"), etc, Map.of()))
                .hasMessageContaining("edge.aws-iot.cert-file must be a readable PEM file with a CERTIFICATE block, was \""
                        + etc.resolve("other.pem") + "\" (no such file)");
    }

    @Test
    void section_withMissingCertFile_andAKeyFileWithoutAKey_isRefusedNamingBothKeys(@TempDir Path etc) throws Exception {
        java.nio.file.Files.writeString(etc.resolve("gw-key.pem"), "not a key");
        String yaml = """
                edge:
                  aws-iot: {cert-file: missing.pem, key-file: gw-key.pem}
                """;
        assertThatThrownBy(() -> LOADER.parse(yaml, etc, Map.of()))
                .hasMessageContaining("edge.aws-iot.cert-file must be a readable PEM file with a CERTIFICATE block, was \""
                        + etc.resolve("missing.pem") + "\" (no such file)")
                .hasMessageContaining("edge.aws-iot.key-file must be a readable PEM file with a PRIVATE KEY block, was \""
                        + etc.resolve("gw-key.pem") + "\" (no BEGIN PRIVATE KEY block)");
    }

    @Test
    void section_withReconnectMinAboveMax_isRefusedWithTheKey(@TempDir Path etc) throws Exception {
        writePem(etc);
        String yaml = """
                edge:
                  aws-iot: {reconnect-min: 10s, reconnect-max: 1s, cert-file: gw.pem, key-file: gw-key.pem}
                """;
        assertThatThrownBy(() -> LOADER.parse(yaml, etc, Map.of()))
                .hasMessageContaining("edge.aws-iot.reconnect-min must be <= reconnect-max (1s), was 10s");
    }
}
