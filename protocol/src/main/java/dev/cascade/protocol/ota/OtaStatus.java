package dev.cascade.protocol.ota;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;

/**
 * A gateway's report on an over-the-air update, published retained on its own {@code ota-status} topic (JSON).
 *
 * @param gatewayId the agent that reports
 * @param model the version the update is about
 * @param state where it stands
 * @param reason why it was refused or rolled back, e.g. {@code self_test} ("" otherwise)
 * @param detail a human-readable explanation (may be empty)
 * @param running the version of that model the agent scores with now
 * @param offset bytes of the archive staged so far
 * @param at when the agent reported
 */
@JsonPropertyOrder({"v", "gatewayId", "model", "state", "reason", "detail", "running", "offset", "at"})
public record OtaStatus(DeviceId gatewayId, ModelRef model, OtaState state, String reason, String detail,
                        ModelRef running, long offset, Instant at) implements WireMessage {
    public OtaStatus {
        Checks.notNull(gatewayId, "gatewayId");
        Checks.notNull(model, "model");
        Checks.notNull(state, "state");
        reason = reason == null ? "" : reason;
        Checks.check(reason.matches("[a-z0-9_]{0,40}"), "reason", "0-40 characters of [a-z0-9_]", reason);
        detail = detail == null ? "" : Checks.maxLength(detail, 500, "detail");
        Checks.notNull(running, "running");
        Checks.nonNegative(offset, "offset");
        at = Checks.micros(at, "at");
    }
}
