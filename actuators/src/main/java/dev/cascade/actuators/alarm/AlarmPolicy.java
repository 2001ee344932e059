package dev.cascade.actuators.alarm;

import dev.cascade.protocol.window.SensorKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * When alarms clear, escalate, remind and count a device as offline.
 *
 * @param clearAfterNormal consecutive normal results of a device that end an anomaly or irrigation condition
 * @param holdDown how long an ended condition must stay ended before its alarm clears (a re-raise within it keeps
 *                 the same alarm: flapping is suppressed)
 * @param clearAfterQuiet a condition no result can end (a refused or failed command) clears after this long without
 *                        a new report
 * @param escalateAfter an alarm still unacknowledged this long after it was raised escalates one level, and again
 *                      after each further such period (empty: never)
 * @param maxEscalations the highest escalation level
 * @param reminderEvery an open, unacknowledged alarm is notified again this often (empty: never)
 * @param offlineAfter per device kind, how long a device may stay silent on Kafka before it is offline (absent
 *                     kinds: never)
 */
public record AlarmPolicy(int clearAfterNormal, Duration holdDown, Duration clearAfterQuiet,
                          Optional<Duration> escalateAfter, int maxEscalations, Optional<Duration> reminderEvery,
                          Map<SensorKind, Duration> offlineAfter) {
    public AlarmPolicy {
        if (clearAfterNormal < 1) {
            throw new IllegalArgumentException("clearAfterNormal must be >= 1, was " + clearAfterNormal);
        }
        requirePositive(holdDown, "holdDown", true);
        requirePositive(clearAfterQuiet, "clearAfterQuiet", false);
        if (escalateAfter == null || reminderEvery == null || offlineAfter == null) {
            throw new IllegalArgumentException("escalateAfter, reminderEvery and offlineAfter must not be null");
        }
        escalateAfter.ifPresent(d -> requirePositive(d, "escalateAfter", false));
        reminderEvery.ifPresent(d -> requirePositive(d, "reminderEvery", false));
        offlineAfter.forEach((k, d) -> requirePositive(d, "offlineAfter." + k.displayName(), false));
        if (maxEscalations < 0) {
            throw new IllegalArgumentException("maxEscalations must be >= 0, was " + maxEscalations);
        }
        offlineAfter = offlineAfter.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(offlineAfter));
    }

    /** 5 normal windows, 30 s hold-down, 10 min quiet clear, escalate after 5 min (2 levels), remind every 15 min. */
    public static AlarmPolicy defaults() {
        return new AlarmPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(10), Optional.of(Duration.ofMinutes(5)), 2,
                Optional.of(Duration.ofMinutes(15)), Map.of());
    }

    /** This policy with {@code kind} devices offline after {@code silence}. */
    public AlarmPolicy withOfflineAfter(SensorKind kind, Duration silence) {
        Map<SensorKind, Duration> m = new EnumMap<>(SensorKind.class);
        m.putAll(offlineAfter);
        m.put(kind, silence);
        return new AlarmPolicy(clearAfterNormal, holdDown, clearAfterQuiet, escalateAfter, maxEscalations, reminderEvery, m);
    }

    /** This policy with another escalation period and reminder interval. */
    public AlarmPolicy withEscalation(Optional<Duration> after, int levels, Optional<Duration> reminders) {
        return new AlarmPolicy(clearAfterNormal, holdDown, clearAfterQuiet, after, levels, reminders, offlineAfter);
    }

    /** This policy with other clearing rules. */
    public AlarmPolicy withClearing(int normals, Duration hold, Duration quiet) {
        return new AlarmPolicy(normals, hold, quiet, escalateAfter, maxEscalations, reminderEvery, offlineAfter);
    }

    private static void requirePositive(Duration d, String field, boolean zeroOk) {
        if (d == null || d.isNegative() || (!zeroOk && d.isZero())) {
            throw new IllegalArgumentException(field + " must be " + (zeroOk ? ">= 0" : "> 0") + ", was " + d);
        }
    }
}
