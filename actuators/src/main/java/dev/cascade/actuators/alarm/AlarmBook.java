package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every alarm that is not closed (cleared and acknowledged), and the rules that move them: an alert raises an alarm
 * or reports again on the open one of its device and cause; results end conditions after
 * {@link AlarmPolicy#clearAfterNormal()} normal windows held for {@link AlarmPolicy#holdDown()}; time escalates,
 * reminds, clears quiet conditions and finds silent devices; operators acknowledge and clear. Each method returns
 * the changes it made. Not thread-safe (one service thread owns it); time comes from the caller.
 */
public final class AlarmBook {
    private static final int RECENT_IDS = 50_000;

    private final AlarmPolicy policy;
    /** Not closed, by alarm id. */
    private final Map<String, Tracked> byId = new LinkedHashMap<>();
    /** Active, by device and cause. */
    private final Map<String, Tracked> active = new HashMap<>();
    private final Map<DeviceId, Seen> lastSeen = new HashMap<>();
    private final Map<String, Boolean> recentInputs = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    };
    private long duplicates;
    private long unknownTargets;

    private static final class Tracked {
        Alarm alarm;
        int normals;
        Instant endedAt;
        Instant lastNotified;

        Tracked(Alarm alarm, Instant lastNotified) {
            this.alarm = alarm;
            this.lastNotified = lastNotified;
        }
    }

    private record Seen(Optional<SensorKind> kind, Instant at) {}

    public AlarmBook(AlarmPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        this.policy = policy;
    }

    /** Takes back an alarm's last state (from the alarms topic at start); closed alarms are left out. */
    public void restore(Alarm alarm) {
        Tracked old = byId.remove(alarm.alarmId());
        if (old != null) {
            active.remove(key(old.alarm.deviceId(), old.alarm.cause()), old);
        }
        if (alarm.status().closed()) {
            return;
        }
        Tracked t = new Tracked(alarm, alarm.updatedAt());
        byId.put(alarm.alarmId(), t);
        if (alarm.status().active()) {
            active.put(key(alarm.deviceId(), alarm.cause()), t);
        }
    }

    /** An alert: a new alarm, or another report of the open one of its device and cause. */
    public List<AlarmChange> alert(Alert alert, Instant now) {
        if (!firstTime("alert:" + alert.header().alertId())) {
            return List.of();
        }
        AlarmCause cause = AlarmCause.of(alert);
        DeviceId device = alert.header().deviceId();
        Tracked t = active.get(key(device, cause.name()));
        if (t != null) {
            t.normals = 0;
            t.endedAt = null;
            Severity before = t.alarm.severity();
            t.alarm = t.alarm.reported(cause.severity(), alert.summary(), now);
            if (t.alarm.severity() != before) {
                t.lastNotified = now;
                return List.of(new AlarmChange(t.alarm, AlarmEvent.UPDATED));
            }
            return List.of(new AlarmChange(t.alarm, AlarmEvent.REPORTED));
        }
        return List.of(raise(device, cause, alert.summary(), now));
    }

    /** A cloud result: the device is alive, and a normal window counts towards ending its conditions. */
    public List<AlarmChange> result(InferenceResult r, Instant now) {
        List<AlarmChange> out = new ArrayList<>(seen(r.deviceId(), Optional.of(r.kind()), now));
        for (String cause : List.of(AlarmCause.ANOMALY, AlarmCause.IRRIGATION)) {
            Tracked t = active.get(key(r.deviceId(), cause));
            if (t == null) {
                continue;
            }
            Verdict raising = AlarmCause.endedByAbsenceOf(cause).orElseThrow();
            if (r.verdict() == raising) {
                t.normals = 0;
                t.endedAt = null;
            } else if (++t.normals >= policy.clearAfterNormal() && t.endedAt == null) {
                t.endedAt = now;
            }
        }
        return out;
    }

    /** Something from a device arrived (telemetry, an acknowledgement, a result): it is online. */
    public List<AlarmChange> seen(DeviceId device, Optional<SensorKind> kind, Instant now) {
        Seen before = lastSeen.get(device);
        Optional<SensorKind> k = kind.isPresent() || before == null ? kind : before.kind();
        lastSeen.put(device, new Seen(k, now));
        Tracked offline = active.get(key(device, AlarmCause.DEVICE_OFFLINE));
        if (offline == null) {
            return List.of();
        }
        return List.of(clear(offline, Alarm.SYSTEM, "device back online", now));
    }

    /** An operator's action on an alarm; device actions and repeats are ignored. */
    public List<AlarmChange> operator(OperatorAction a, Instant now) {
        if (a.action().target() != dev.cascade.protocol.operator.OperatorActionType.Target.ALARM
                || !firstTime("action:" + a.actionId())) {
            return List.of();
        }
        Tracked t = byId.get(a.target());
        if (t == null) {
            unknownTargets++;
            return List.of();
        }
        switch (a.action()) {
            case ACKNOWLEDGE_ALARM -> {
                if (t.alarm.status().acknowledged()) {
                    return List.of();
                }
                t.alarm = t.alarm.acknowledged(a.operator(), a.note(), now);
                forgetIfClosed(t);
                return List.of(new AlarmChange(t.alarm, AlarmEvent.ACKNOWLEDGED));
            }
            case CLEAR_ALARM -> {
                if (!t.alarm.status().active()) {
                    return List.of();
                }
                return List.of(clear(t, a.operator(), a.note(), now));
            }
            default -> {
                return List.of();
            }
        }
    }

    /** What time alone changes: ended conditions clear after the hold-down, quiet ones clear, escalations, reminders, silent devices. */
    public List<AlarmChange> tick(Instant now) {
        List<AlarmChange> out = new ArrayList<>();
        for (Tracked t : new ArrayList<>(active.values())) {
            Alarm a = t.alarm;
            boolean endsByResults = AlarmCause.endedByAbsenceOf(a.cause()).isPresent();
            if (t.endedAt != null && !now.isBefore(t.endedAt.plus(policy.holdDown()))) {
                out.add(clear(t, Alarm.SYSTEM, "condition ended: " + t.normals + " normal windows", now));
                continue;
            }
            if (!endsByResults && !a.cause().equals(AlarmCause.DEVICE_OFFLINE)
                    && !now.isBefore(a.lastRaisedAt().plus(policy.clearAfterQuiet()))) {
                out.add(clear(t, Alarm.SYSTEM, "no new report for " + policy.clearAfterQuiet(), now));
                continue;
            }
            if (a.status().acknowledged()) {
                continue;
            }
            if (policy.escalateAfter().isPresent() && a.escalationLevel() < policy.maxEscalations()
                    && !now.isBefore(a.firstRaisedAt().plus(policy.escalateAfter().get().multipliedBy(a.escalationLevel() + 1L)))) {
                t.alarm = a.escalated(now);
                t.lastNotified = now;
                out.add(new AlarmChange(t.alarm, AlarmEvent.ESCALATED));
                continue;
            }
            if (policy.reminderEvery().isPresent() && !now.isBefore(t.lastNotified.plus(policy.reminderEvery().get()))) {
                t.lastNotified = now;
                out.add(new AlarmChange(t.alarm, AlarmEvent.REMINDER));
            }
        }
        for (Map.Entry<DeviceId, Seen> e : lastSeen.entrySet()) {
            Optional<Duration> limit = e.getValue().kind().map(policy.offlineAfter()::get);
            if (limit.isEmpty() || now.isBefore(e.getValue().at().plus(limit.get()))
                    || active.containsKey(key(e.getKey(), AlarmCause.DEVICE_OFFLINE))) {
                continue;
            }
            String summary = String.format("%s: silent since %s, expected within %s (%s)", e.getKey(), e.getValue().at(),
                    limit.get(), e.getValue().kind().get().displayName());
            out.add(raise(e.getKey(), new AlarmCause(AlarmCause.DEVICE_OFFLINE, Severity.WARNING), summary, now));
        }
        return out;
    }

    /** The alarms that are not closed. */
    public List<Alarm> open() {
        List<Alarm> out = new ArrayList<>();
        for (Tracked t : byId.values()) {
            out.add(t.alarm);
        }
        return out;
    }

    /** How many alarms are active. */
    public int activeCount() {
        return active.size();
    }

    /** Alerts and operator actions seen a second time (ignored). */
    public long duplicates() {
        return duplicates;
    }

    /** Operator actions on alarms that are closed or unknown (ignored). */
    public long unknownTargets() {
        return unknownTargets;
    }

    /** The stable id of the alarm raised for {@code device} and {@code cause} at {@code at}. */
    public static String alarmId(DeviceId device, String cause, Instant at) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((device.value() + "|" + cause + "|"
                    + Duration.between(Instant.EPOCH, at).toNanos() / 1000).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private AlarmChange raise(DeviceId device, AlarmCause cause, String summary, Instant now) {
        Alarm a = Alarm.raised(alarmId(device, cause.name(), now), device, cause.name(), cause.severity(), summary, now);
        Tracked t = new Tracked(a, now);
        byId.put(a.alarmId(), t);
        active.put(key(device, cause.name()), t);
        return new AlarmChange(a, AlarmEvent.RAISED);
    }

    private AlarmChange clear(Tracked t, String by, String note, Instant now) {
        t.alarm = t.alarm.cleared(by, note, now);
        active.remove(key(t.alarm.deviceId(), t.alarm.cause()), t);
        forgetIfClosed(t);
        return new AlarmChange(t.alarm, AlarmEvent.CLEARED);
    }

    private void forgetIfClosed(Tracked t) {
        if (t.alarm.status().closed()) {
            byId.remove(t.alarm.alarmId());
            active.remove(key(t.alarm.deviceId(), t.alarm.cause()), t);
        }
    }

    private boolean firstTime(String id) {
        if (recentInputs.putIfAbsent(id, Boolean.TRUE) != null) {
            duplicates++;
            return false;
        }
        return true;
    }

    private static String key(DeviceId device, String cause) {
        return device.value() + "/" + cause;
    }
}
