package dev.cascade.protocol.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorWindowTest {

    @Test
    void constructor_refusesBadFields_namingThem() {
        Samples s = Samples.of(1f);
        Instant t = Fixtures.T0;
        CorrelationId c = Fixtures.CID;
        assertThatThrownBy(() -> new SensorWindow(null, SensorKind.SOIL, 1, t, 0, c, t, s)).hasMessage("deviceId must not be null");
        assertThatThrownBy(() -> new SensorWindow(Fixtures.PRESS, SensorKind.SOIL, 0, t, 0, c, t, s))
                .hasMessage("sampleRateHz must be a finite number > 0, was 0.0");
        assertThatThrownBy(() -> new SensorWindow(Fixtures.PRESS, SensorKind.SOIL, Double.NaN, t, 0, c, t, s))
                .hasMessage("sampleRateHz must be a finite number > 0, was NaN");
        assertThatThrownBy(() -> new SensorWindow(Fixtures.PRESS, SensorKind.SOIL, 1, t, -1, c, t, s))
                .hasMessage("sequence must be >= 0, was -1");
    }

    @Test
    void durationSeconds_isFramesOverRate() {
        assertThat(Fixtures.window().durationSeconds()).isEqualTo(0.5);
    }

    @Test
    void ids_areValidatedAndRandomIdsDiffer() {
        assertThat(CorrelationId.random()).isNotEqualTo(CorrelationId.random());
        assertThat(CorrelationId.random().value()).hasSize(32).matches("[0-9a-f]{32}");
        assertThatThrownBy(() -> CorrelationId.of("short")).hasMessage(
                "correlationId must be 8-64 characters of [A-Za-z0-9_-], was \"short\"");
    }
}
