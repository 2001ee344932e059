package dev.cascade.protocol.alarm;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.internal.Ids;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;

/**
 * The current state of one alarm: an ongoing condition (one device, one cause) built from the alerts that
 * report it. Published on the compacted {@code alarms} Kafka topic keyed by {@code alarmId}, so the latest
 * record of each alarm is its state and the topic is the history.
 *
 * @param alarmId stable for the life of the alarm (8-64 characters of [A-Za-z0-9_-])
 * @param deviceId the device it is about
 * @param cause what the condition is, e.g. {@code anomaly}, {@code irrigation}, {@code device_offline}
 * @param severity the highest severity reported while it was active
 * @param status active/cleared x acknowledged/unacknowledged
 * @param count how many alerts reported it
 * @param summary one line for a human, from the latest alert
 * @param firstRaisedAt when the first alert arrived
 * @param lastRaisedAt when the latest alert arrived
 * @param updatedAt when this state was written
 * @param acknowledgedBy the operator who acknowledged it ("" while unacknowledged)
 * @param acknowledgedAt when ({@code null} while unacknowledged)
 * @param note the operator's note on acknowledging or clearing ("" when none)
 * @param clearedBy who cleared it: an operator's name, or {@code system} when the condition ended ("" while active)
 * @param clearedAt when ({@code null} while active)
 * @param escalationLevel 0 until escalated; raised by one at each escalation
 */
@JsonPropertyOrder({"v", "alarmId", "deviceId", "cause", "severity", "status", "count", "summary", "firstRaisedAt",
        "lastRaisedAt", "updatedAt", "acknowledgedBy", "acknowledgedAt", "note", "clearedBy", "clearedAt",
        "escalationLevel"})
public record Alarm(String alarmId, DeviceId deviceId, String cause, Severity severity, AlarmStatus status, int count,
                    String summary, Instant firstRaisedAt, Instant lastRaisedAt, Instant updatedAt,
                    String acknowledgedBy, Instant acknowledgedAt, String note, String clearedBy, Instant clearedAt,
                    int escalationLevel) implements WireMessage {
    /** {@code clearedBy} when the condition ended by itself. */
    public static final String SYSTEM = "system";

    public Alarm {
        Ids.requireOpaque(alarmId, "alarmId");
        Checks.notNull(deviceId, "deviceId");
        Checks.check(cause != null && cause.matches("[a-z][a-z0-9_]{0,39}"), "cause",
                "1-40 characters of [a-z0-9_] starting with a letter", cause);
        Checks.notNull(severity, "severity");
        Checks.notNull(status, "status");
        Checks.positive(count, "count");
        summary = summary == null ? "" : Checks.maxLength(summary, 500, "summary");
        firstRaisedAt = Checks.micros(firstRaisedAt, "firstRaisedAt");
        lastRaisedAt = Checks.micros(lastRaisedAt, "lastRaisedAt");
        updatedAt = Checks.micros(updatedAt, "updatedAt");
        Checks.check(!lastRaisedAt.isBefore(firstRaisedAt), "lastRaisedAt", "not before firstRaisedAt (" + firstRaisedAt + ")",
                lastRaisedAt);
        acknowledgedBy = acknowledgedBy == null ? "" : Checks.maxLength(acknowledgedBy, 64, "acknowledgedBy");
        note = note == null ? "" : Checks.maxLength(note, 500, "note");
        clearedBy = clearedBy == null ? "" : Checks.maxLength(clearedBy, 64, "clearedBy");
        Checks.check(status.acknowledged() == (acknowledgedAt != null), "acknowledgedAt",
                status.acknowledged() ? "set when acknowledged" : "absent while unacknowledged", acknowledgedAt);
        Checks.check(status.acknowledged() == !acknowledgedBy.isEmpty(), "acknowledgedBy",
                status.acknowledged() ? "set when acknowledged" : "empty while unacknowledged", acknowledgedBy);
        Checks.check(status.active() == (clearedAt == null), "clearedAt",
                status.active() ? "absent while active" : "set when cleared", clearedAt);
        acknowledgedAt = acknowledgedAt == null ? null : Checks.micros(acknowledgedAt, "acknowledgedAt");
        clearedAt = clearedAt == null ? null : Checks.micros(clearedAt, "clearedAt");
        Checks.nonNegative(escalationLevel, "escalationLevel");
    }

    /** A new active, unacknowledged alarm for its first alert. */
    public static Alarm raised(String alarmId, DeviceId device, String cause, Severity severity, String summary,
                               Instant at) {
        return new Alarm(alarmId, device, cause, severity, AlarmStatus.ACTIVE_UNACK, 1, summary, at, at, at, "", null, "",
                "", null, 0);
    }

    /** Another alert of the same condition: count grows, severity only rises. */
    public Alarm reported(Severity reported, String latestSummary, Instant at) {
        Severity s = reported.id() > severity.id() ? reported : severity;
        return new Alarm(alarmId, deviceId, cause, s, status, count + 1, latestSummary, firstRaisedAt, at, at,
                acknowledgedBy, acknowledgedAt, note, clearedBy, clearedAt, escalationLevel);
    }

    /** Acknowledged by {@code operator}. */
    public Alarm acknowledged(String operator, String ackNote, Instant at) {
        Checks.notBlank(operator, "operator");
        return new Alarm(alarmId, deviceId, cause, severity, status.acknowledge(), count, summary, firstRaisedAt,
                lastRaisedAt, at, operator, at, ackNote, clearedBy, clearedAt, escalationLevel);
    }

    /** Cleared by {@code by} (an operator, or {@link #SYSTEM}). */
    public Alarm cleared(String by, String clearNote, Instant at) {
        Checks.notBlank(by, "by");
        return new Alarm(alarmId, deviceId, cause, severity, status.clear(), count, summary, firstRaisedAt,
                lastRaisedAt, at, acknowledgedBy, acknowledgedAt, clearNote == null || clearNote.isEmpty() ? note : clearNote,
                by, at, escalationLevel);
    }

    /** Escalated one level further. */
    public Alarm escalated(Instant at) {
        return new Alarm(alarmId, deviceId, cause, severity, status, count, summary, firstRaisedAt, lastRaisedAt, at,
                acknowledgedBy, acknowledgedAt, note, clearedBy, clearedAt, escalationLevel + 1);
    }
}
