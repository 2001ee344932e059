package dev.cascade.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.edge.ota.OtaOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeOtaConfigTest {
    private static final Path BASE = Path.of("/opt/edge");

    private static EdgeConfigFile parse(String extra) throws ConfigException {
        String yaml = "edge:\n  sensors-mqtt:\n    uri: tcp://127.0.0.1:1883\n  models:\n    vibration: models/v\n" + extra;
        return EdgeConfigFile.LOADER.parse(yaml, BASE, Map.of()).value();
    }

    @Test
    void otaSection_isReadFromTheFile() throws ConfigException {
        OtaOptions o = parse("""
                  ota:
                    dir: /var/lib/cascade/ota
                    chunk-size: 16KiB
                    request-timeout: 3s
                    watch-window: 10m
                    min-watched-windows: 500
                    max-escalation-rate: 0.2
                    max-error-rate: 0.01
                """).ota().orElseThrow();
        assertThat(o).isEqualTo(new OtaOptions(Path.of("/var/lib/cascade/ota"), 16 * 1024, Duration.ofSeconds(3),
                Duration.ofMinutes(10), 500, 0.2, 0.01));
    }

    @Test
    void withoutAFolder_theAgentTakesNoUpdates() throws ConfigException {
        assertThat(parse("").ota()).isEmpty();
    }

    @Test
    void anEscalationRateAboveOne_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> parse("  ota:\n    dir: /x\n    max-escalation-rate: 1.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.ota.max-escalation-rate must be");
    }
}
