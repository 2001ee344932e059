package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.model.ModelRef;

/** A machine's vibration is anomalous. */
@JsonPropertyOrder({"v", "type", "header", "score", "threshold", "model", "machineStopped"})
public record AnomalyAlert(AlertHeader header, float score, float threshold, ModelRef model, boolean machineStopped)
        implements Alert {
    public static final String TYPE = "anomaly";

    public AnomalyAlert {
        Checks.notNull(header, "header");
        Checks.finite(score, "score");
        Checks.finite(threshold, "threshold");
        Checks.notNull(model, "model");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return String.format("%s: vibration anomaly, score %.4g over threshold %.4g (%s)%s", header.deviceId(),
                score, threshold, model, machineStopped ? "; stop command sent" : "");
    }
}
