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

class AwsIotSectionTest {
    private static final ConfigLoader<AwsIotSettings> LOADER = new ConfigLoader<>("edge", "test",
            n -> AwsIotSection.read(n.object("aws-iot", "the uplink"), "gateway-1").orElse(null));

    @Test
    void section_withEverySetting_isReadIntoAwsIotSettings() throws ConfigException {
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

        AwsIotSettings s = LOADER.parse(yaml, Path.of("/etc/cascade"), Map.of()).value();

        assertThat(s.host()).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com");
        assertThat(s.port()).isEqualTo(443);
        assertThat(s.clientId()).isEqualTo("gateway-1");
        assertThat(s.certFile()).isEqualTo(Path.of("/etc/cascade/gw.pem"));
        assertThat(s.caFile()).isEqualTo(Optional.empty());
        assertThat(s.sessionExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(s.minReconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.awsIotCoreLimits()).isFalse();
    }

    @Test
    void section_withReconnectMinAboveMax_isRefusedWithTheKey() {
        String yaml = """
                edge:
                  aws-iot: {reconnect-min: 10s, reconnect-max: 1s}
                """;
        assertThatThrownBy(() -> LOADER.parse(yaml, Path.of("/"), Map.of()))
                .hasMessageContaining("edge.aws-iot.reconnect-min must be <= reconnect-max (1s), was 10s");
    }
}
