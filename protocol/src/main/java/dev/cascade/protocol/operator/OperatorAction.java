package dev.cascade.protocol.operator;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.internal.Ids;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;

/**
 * Something an authenticated operator did on the dashboard, on the {@code operator-actions} Kafka topic
 * (keyed by {@code target}). The roles that own the effect act on it: the alarm service acknowledges and
 * clears alarms, the actuators bridge resumes machines and locks devices out.
 *
 * @param actionId unique per action, so a redelivered action has no second effect (8-64 of [A-Za-z0-9_-])
 * @param action what was asked
 * @param target the alarm id or device id the action is about (see {@link OperatorActionType#target()})
 * @param operator the operator's login name (1-64 characters of [A-Za-z0-9._@-])
 * @param note why, in the operator's words (may be empty)
 * @param at when the operator asked
 */
@JsonPropertyOrder({"v", "actionId", "action", "target", "operator", "note", "at"})
public record OperatorAction(String actionId, OperatorActionType action, String target, String operator, String note,
                             Instant at) implements WireMessage {
    public OperatorAction {
        Ids.requireOpaque(actionId, "actionId");
        Checks.notNull(action, "action");
        Checks.notNull(target, "target");
        switch (action.target()) {
            case ALARM -> Ids.requireOpaque(target, "target");
            case DEVICE -> DeviceId.of(target);
        }
        Checks.check(operator != null && operator.matches("[A-Za-z0-9._@-]{1,64}"), "operator",
                "1-64 characters of [A-Za-z0-9._@-]", operator);
        note = note == null ? "" : Checks.maxLength(note, 500, "note");
        at = Checks.micros(at, "at");
    }

    /** A new action with a random id. */
    public static OperatorAction of(OperatorActionType action, String target, String operator, String note, Instant at) {
        return new OperatorAction(Ids.randomHex128(), action, target, operator, note, at);
    }

    /** The device this action is about, for device actions. */
    public DeviceId device() {
        Checks.check(action.target() == OperatorActionType.Target.DEVICE, "action", "a device action", action);
        return DeviceId.of(target);
    }
}
