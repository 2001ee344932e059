package dev.cascade.cloud.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostModelTest {
    @Test
    void perMillion_isThePriceOfTheHoursAMillionInferencesTake() {
        // 1,000 windows/s = 3.6M per hour; at 0.36 per hour, 1M cost 0.10
        assertThat(CostModel.perMillion(0.36, 1000)).isCloseTo(0.10, within(1e-12));
    }

    @Test
    void perMillion_withoutThroughput_isRefused() {
        assertThatThrownBy(() -> CostModel.perMillion(0.1, 0)).hasMessage("perSecond must be a finite number > 0, was 0.0");
    }
}
