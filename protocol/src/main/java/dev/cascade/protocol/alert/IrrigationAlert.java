package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.model.ModelRef;
import java.time.Duration;

/** A zone is being watered, and why. */
@JsonPropertyOrder({"v", "type", "header", "moisture", "forecast", "targetLow", "duration", "model"})
public record IrrigationAlert(AlertHeader header, float moisture, float forecast, float targetLow, Duration duration,
                              ModelRef model) implements Alert {
    public static final String TYPE = "irrigation";

    public IrrigationAlert {
        Checks.notNull(header, "header");
        Checks.finite(moisture, "moisture");
        Checks.finite(forecast, "forecast");
        Checks.finite(targetLow, "targetLow");
        Checks.notNull(duration, "duration");
        Checks.notNull(model, "model");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return String.format("%s: watering for %d min: moisture %.1f%% forecast to reach %.1f%%, below %.1f%% (%s)",
                header.deviceId(), duration.toMinutes(), moisture, forecast, targetLow, model);
    }
}
