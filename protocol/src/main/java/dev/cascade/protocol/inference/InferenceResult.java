package dev.cascade.protocol.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.WireMessage;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Instant;

/**
 * What a cloud model concluded about one escalated window.
 *
 * @param correlationId the window's correlation id
 * @param deviceId the window's device
 * @param kind the window's kind
 * @param model the cloud model that scored it
 * @param score the model's score (anomaly: reconstruction error; irrigation: forecast moisture, %)
 * @param threshold the score's decision threshold
 * @param verdict the decision
 * @param windowSentAt when the sensor sent the window
 * @param inferredAt when the score was computed
 * @param batchSize how many windows shared the model call
 * @param edgeScore the edge model's score, for comparison
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"v", "correlationId", "deviceId", "kind", "model", "score", "threshold", "verdict",
        "windowSentAt", "inferredAt", "batchSize", "edgeScore"})
public record InferenceResult(CorrelationId correlationId, DeviceId deviceId, SensorKind kind, ModelRef model,
                              float score, float threshold, Verdict verdict, Instant windowSentAt,
                              Instant inferredAt, int batchSize, float edgeScore) implements WireMessage {
    public InferenceResult {
        Checks.notNull(correlationId, "correlationId");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(kind, "kind");
        Checks.notNull(model, "model");
        Checks.finite(score, "score");
        Checks.finite(threshold, "threshold");
        Checks.notNull(verdict, "verdict");
        windowSentAt = Checks.micros(windowSentAt, "windowSentAt");
        inferredAt = Checks.micros(inferredAt, "inferredAt");
        Checks.positive(batchSize, "batchSize");
        Checks.finite(edgeScore, "edgeScore");
    }
}
