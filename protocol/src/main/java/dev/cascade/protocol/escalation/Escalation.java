package dev.cascade.protocol.escalation;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.WireMessage;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Instant;

/**
 * A window the edge sends to the cloud, with what the edge thought of it.
 *
 * @param window the window, unchanged
 * @param edgeScore the edge model's score (anomaly score, or forecast), finite
 * @param reason why it was escalated
 * @param edgeModel the edge model that scored it
 * @param escalatedAt when the edge decided to escalate
 */
@JsonPropertyOrder({"v", "window", "edgeScore", "reason", "edgeModel", "escalatedAt"})
public record Escalation(SensorWindow window, float edgeScore, EscalationReason reason, ModelRef edgeModel,
                         Instant escalatedAt) implements WireMessage {
    public Escalation {
        Checks.notNull(window, "window");
        Checks.finite(edgeScore, "edgeScore");
        Checks.notNull(reason, "reason");
        Checks.notNull(edgeModel, "edgeModel");
        escalatedAt = Checks.micros(escalatedAt, "escalatedAt");
    }
}
