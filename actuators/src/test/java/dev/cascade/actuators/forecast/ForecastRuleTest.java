package dev.cascade.actuators.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastRuleTest {
    private static final Instant T0 = Instant.parse("2026-07-01T06:00:00Z");

    private static InferenceResult result(SensorKind kind, float score, float threshold, Verdict verdict) {
        return new InferenceResult(CorrelationId.random(), DeviceId.of("zone-1"), kind, new ModelRef("irrigation", "1"),
                score, threshold, verdict, T0, T0.plusMillis(40), 1, score);
    }

    @Test
    void forecastAtTheTopOfTheTargetBand_saysEnough_namingTheForecast() {
        ForecastRule rule = new ForecastRule(0.5);

        assertThat(rule.enough(result(SensorKind.SOIL, 24.5f, 24f, Verdict.NORMAL))).contains(
                "forecast irrigation@1: moisture 24.50 % >= target 24.50 % (threshold 24.00 % + margin 0.50): the zone"
                        + " has had enough");
    }

    @Test
    void forecastInsideTheBand_orStillIrrigating_doesNotSayEnough() {
        ForecastRule rule = new ForecastRule(0.5);

        assertThat(rule.enough(result(SensorKind.SOIL, 24.4f, 24f, Verdict.NORMAL))).isEmpty();
        assertThat(rule.enough(result(SensorKind.SOIL, 30f, 24f, Verdict.IRRIGATE))).isEmpty();
        assertThat(rule.enough(result(SensorKind.VIBRATION, 30f, 24f, Verdict.NORMAL))).isEmpty();
    }

    @Test
    void zeroMargin_saysEnoughAsSoonAsTheWaterNeedIsZero_andStopIrrigationAlways() {
        ForecastRule rule = new ForecastRule(0);

        assertThat(rule.enough(result(SensorKind.SOIL, 24f, 24f, Verdict.NORMAL))).isPresent();
        assertThat(rule.enough(result(SensorKind.SOIL, 23.9f, 24f, Verdict.NORMAL))).isEmpty();
        assertThat(rule.enough(result(SensorKind.SOIL, 20f, 24f, Verdict.STOP_IRRIGATION))).contains(
                "forecast irrigation@1: stop irrigation (forecast moisture 20.00 %)");
    }

    @Test
    void negativeMargin_isRefused() {
        assertThatThrownBy(() -> new ForecastRule(-1)).hasMessage("targetMarginPct must be a finite number >= 0, was -1.0");
        assertThatThrownBy(() -> new ForecastCloseConfig(true, 51)).hasMessage("targetMarginPct must be in [0, 50], was 51.0");
    }
}
