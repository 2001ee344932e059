package dev.cascade.actuators.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.actuators.forecast.ForecastCloseConfig;
import dev.cascade.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActuateConfigFileTest {
    private static final String BROKERS = """
              mqtt: {uri: "tcp://127.0.0.1:1883"}
              kafka: {bootstrap: "127.0.0.1:9092"}
            """;

    @Test
    void forecastClose_isOnByDefault_withTheDefaultMargin() throws Exception {
        ActuateConfigFile f = ActuateConfigFile.LOADER.parse("actuate:\n" + BROKERS, Path.of("."), Map.of()).value();

        assertThat(f.delivery().forecastClose()).isEqualTo(ForecastCloseConfig.defaults());
        assertThat(f.delivery().forecastClose().targetMarginPct()).isEqualTo(0.25);
    }

    @Test
    void forecastClose_isReadFromTheFile_andFromTheEnvironment() throws Exception {
        String yaml = "actuate:\n  forecast-close: {enabled: false, target-margin-pct: 1.5}\n" + BROKERS;

        ActuateConfigFile f = ActuateConfigFile.LOADER.parse(yaml, Path.of("."), Map.of()).value();
        ActuateConfigFile env = ActuateConfigFile.LOADER.parse(yaml, Path.of("."),
                Map.of("CASCADE_ACTUATE_FORECAST_CLOSE_TARGET_MARGIN_PCT", "0")).value();

        assertThat(f.delivery().forecastClose()).isEqualTo(new ForecastCloseConfig(false, 1.5));
        assertThat(env.delivery().forecastClose().targetMarginPct()).isZero();
    }

    @Test
    void forecastClose_outOfRangeMargin_isAViolationNamingTheKey() {
        String yaml = "actuate:\n  forecast-close: {target-margin-pct: -1, enabeld: true}\n" + BROKERS;

        assertThatThrownBy(() -> ActuateConfigFile.LOADER.parse(yaml, Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        "actuate.forecast-close.target-margin-pct must be in [0.0, 50.0], was -1.0",
                        "actuate.forecast-close.enabeld is not a known setting (known here: enabled, target-margin-pct)"));
    }
}
