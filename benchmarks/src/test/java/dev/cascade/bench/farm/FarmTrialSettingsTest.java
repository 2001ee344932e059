package dev.cascade.bench.farm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FarmTrialSettingsTest {
    private static FarmTrial.Settings settings(int days, int zones, double rate) {
        return new FarmTrial.Settings(days, zones, rate, 20, 30, 20.5, 15, Duration.ofHours(2), Trial.Climate.CHANGEABLE,
                false, 7, List.of(), Path.of("models"), Path.of("keys"), Optional.empty());
    }

    @Test
    void settings_withNoZones_areRefused_namingTheField() {
        assertThatThrownBy(() -> settings(2, 0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zones must be >= 1, was 0");
    }

    @Test
    void settings_withNoDays_areRefused_namingTheField() {
        assertThatThrownBy(() -> settings(0, 2, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("days must be >= 1, was 0");
    }

    @Test
    void settings_withZeroRate_areRefused_namingTheField() {
        assertThatThrownBy(() -> settings(2, 2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be a finite number > 0, was 0.0");
    }
}
