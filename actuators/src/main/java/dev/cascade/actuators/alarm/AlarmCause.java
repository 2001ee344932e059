package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.alert.IrrigationAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.inference.Verdict;
import java.util.Optional;

/**
 * The condition an alert reports and how urgent it is for a person, which is not always the alert's own severity:
 * a command an interlock or the bridge refused is the safety system working ({@code command_refused}, info), an
 * expired or failed command needs a look ({@code command_expired} / {@code command_failed}, warning), watering is
 * routine ({@code irrigation}, info), a confirmed vibration anomaly keeps its severity ({@code anomaly}).
 *
 * @param name the alarm's cause
 * @param severity the alarm-level severity
 */
public record AlarmCause(String name, Severity severity) {
    public static final String ANOMALY = "anomaly";
    public static final String IRRIGATION = "irrigation";
    public static final String COMMAND_REFUSED = "command_refused";
    public static final String COMMAND_EXPIRED = "command_expired";
    public static final String COMMAND_FAILED = "command_failed";
    public static final String DEVICE_OFFLINE = "device_offline";

    public AlarmCause {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,39}")) {
            throw new IllegalArgumentException("name must be 1-40 characters of [a-z0-9_], was " + name);
        }
        if (severity == null) {
            throw new IllegalArgumentException("severity must not be null");
        }
    }

    /** The cause and alarm severity of {@code alert}. */
    public static AlarmCause of(Alert alert) {
        Severity reported = alert.header().severity();
        if (alert instanceof AnomalyAlert) {
            return new AlarmCause(ANOMALY, reported);
        }
        if (alert instanceof IrrigationAlert) {
            return new AlarmCause(IRRIGATION, Severity.INFO);
        }
        CommandFailedAlert f = (CommandFailedAlert) alert;
        AckStatus s = f.status();
        if (s == AckStatus.INTERLOCKED || s == AckStatus.REJECTED || s == AckStatus.UNSUPPORTED) {
            return new AlarmCause(COMMAND_REFUSED, Severity.INFO);
        }
        if (s == AckStatus.EXPIRED) {
            return new AlarmCause(COMMAND_EXPIRED, min(reported, Severity.WARNING));
        }
        return new AlarmCause(COMMAND_FAILED, min(reported, Severity.WARNING));
    }

    /** The verdict whose absence, window after window, ends a condition of this cause (empty: no result ends it). */
    public static Optional<Verdict> endedByAbsenceOf(String cause) {
        return switch (cause) {
            case ANOMALY -> Optional.of(Verdict.ANOMALY);
            case IRRIGATION -> Optional.of(Verdict.IRRIGATE);
            default -> Optional.empty();
        };
    }

    private static Severity min(Severity a, Severity b) {
        return a.id() <= b.id() ? a : b;
    }
}
