package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.internal.Ids;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;

/**
 * What every alert carries.
 *
 * @param alertId unique per alert (8-64 characters of [A-Za-z0-9_-])
 * @param deviceId the device it is about
 * @param correlationId the window that raised it
 * @param severity how urgent
 * @param raisedAt when it was raised
 */
@JsonPropertyOrder({"alertId", "deviceId", "correlationId", "severity", "raisedAt"})
public record AlertHeader(String alertId, DeviceId deviceId, CorrelationId correlationId, Severity severity,
                          Instant raisedAt) {
    public AlertHeader {
        Ids.requireOpaque(alertId, "alertId");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(correlationId, "correlationId");
        Checks.notNull(severity, "severity");
        raisedAt = Checks.micros(raisedAt, "raisedAt");
    }

    /** A header with an id derived from the cause, so a retried worker raises the same alert. */
    public static AlertHeader caused(String kind, DeviceId device, CorrelationId cause, Severity severity,
                                     Instant now) {
        return new AlertHeader(Ids.derivedHex128(kind, cause.value()), device, cause, severity, now);
    }
}
