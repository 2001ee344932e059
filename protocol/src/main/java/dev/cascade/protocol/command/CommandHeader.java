package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;

/**
 * What every command carries: identity, target, cause, origin and life span.
 *
 * @param commandId executed at most once per actuator
 * @param deviceId the actuator that must carry it out
 * @param correlationId the window that caused it
 * @param origin who decided it
 * @param issuedAt when it was decided
 * @param expiresAt after this the actuator refuses it (time-to-live)
 * @param windowSentAt when the sensor sent the causing window (for end-to-end latency)
 */
@JsonPropertyOrder({"commandId", "deviceId", "correlationId", "origin", "issuedAt", "expiresAt", "windowSentAt"})
public record CommandHeader(CommandId commandId, DeviceId deviceId, CorrelationId correlationId,
                            CommandOrigin origin, Instant issuedAt, Instant expiresAt, Instant windowSentAt) {
    public CommandHeader {
        Checks.notNull(commandId, "commandId");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(correlationId, "correlationId");
        Checks.notNull(origin, "origin");
        issuedAt = Checks.micros(issuedAt, "issuedAt");
        expiresAt = Checks.micros(expiresAt, "expiresAt");
        windowSentAt = Checks.micros(windowSentAt, "windowSentAt");
        Checks.check(expiresAt.isAfter(issuedAt), "expiresAt", "after issuedAt (" + issuedAt + ")", expiresAt);
    }

    /** A header for a command caused by {@code cause}, with an id derived from the cause and action. */
    public static CommandHeader caused(String action, DeviceId target, CorrelationId cause, CommandOrigin origin,
                                       Instant now, Duration ttl, Instant windowSentAt) {
        Checks.check(ttl != null && !ttl.isNegative() && !ttl.isZero(), "ttl", "> 0", ttl);
        return new CommandHeader(CommandId.derive(cause, origin.displayName() + ":" + action), target, cause,
                origin, now, now.plus(ttl), windowSentAt);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
