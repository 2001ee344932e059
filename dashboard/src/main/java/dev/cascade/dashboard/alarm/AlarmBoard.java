package dev.cascade.dashboard.alarm;

import dev.cascade.protocol.alarm.Alarm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alarms as the alarms topic tells them: the latest state of each alarm and the states it went through
 * (at most {@code historyPerAlarm} each, at most {@code capacity} alarms, closed ones dropped first). Thread-safe.
 */
public final class AlarmBoard {
    /** One state of an alarm as the page shows it. */
    public record AlarmView(String alarmId, String deviceId, String cause, String severity, String status,
                            boolean active, boolean acknowledged, int count, String summary, long firstRaisedMs,
                            long lastRaisedMs, long updatedMs, String acknowledgedBy, String note, String clearedBy,
                            int escalationLevel) {
        static AlarmView of(Alarm a) {
            return new AlarmView(a.alarmId(), a.deviceId().value(), a.cause(), a.severity().displayName(),
                    a.status().displayName(), a.status().active(), a.status().acknowledged(), a.count(), a.summary(),
                    a.firstRaisedAt().toEpochMilli(), a.lastRaisedAt().toEpochMilli(), a.updatedAt().toEpochMilli(),
                    a.acknowledgedBy(), a.note(), a.clearedBy(), a.escalationLevel());
        }
    }

    /** An alarm with its history, newest state first. */
    public record AlarmRow(AlarmView current, List<AlarmView> history) {}

    private final int capacity;
    private final int historyPerAlarm;
    private final Map<String, ArrayDeque<AlarmView>> byId = new LinkedHashMap<>();

    public AlarmBoard(int capacity, int historyPerAlarm) {
        if (capacity < 1 || historyPerAlarm < 1) {
            throw new IllegalArgumentException("capacity and historyPerAlarm must be >= 1, was " + capacity + ", "
                    + historyPerAlarm);
        }
        this.capacity = capacity;
        this.historyPerAlarm = historyPerAlarm;
    }

    /** A state from the topic; returns the alarm's row as it now stands (an older state than known is ignored). */
    public synchronized AlarmRow add(Alarm a) {
        ArrayDeque<AlarmView> h = byId.computeIfAbsent(a.alarmId(), k -> new ArrayDeque<>());
        AlarmView v = AlarmView.of(a);
        if (h.isEmpty() || h.peekFirst().updatedMs() <= v.updatedMs() && !h.peekFirst().equals(v)) {
            h.addFirst(v);
            while (h.size() > historyPerAlarm) {
                h.removeLast();
            }
        }
        evict();
        return new AlarmRow(h.peekFirst(), List.copyOf(h));
    }

    /** Every alarm: open ones first, then by last update, newest first. */
    public synchronized List<AlarmRow> rows() {
        List<AlarmRow> out = new ArrayList<>();
        for (ArrayDeque<AlarmView> h : byId.values()) {
            out.add(new AlarmRow(h.peekFirst(), List.copyOf(h)));
        }
        out.sort(Comparator.comparing((AlarmRow r) -> r.current().active() ? 0 : 1)
                .thenComparing(r -> -r.current().updatedMs()));
        return out;
    }

    /** The current state of one alarm. */
    public synchronized java.util.Optional<AlarmView> get(String alarmId) {
        ArrayDeque<AlarmView> h = byId.get(alarmId);
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(h.peekFirst());
    }

    /** Alarms still active. */
    public synchronized long activeCount() {
        return byId.values().stream().filter(h -> h.peekFirst().active()).count();
    }

    public synchronized int size() {
        return byId.size();
    }

    private void evict() {
        if (byId.size() <= capacity) {
            return;
        }
        String victim = byId.entrySet().stream()
                .min(Comparator.comparing((Map.Entry<String, ArrayDeque<AlarmView>> e) ->
                                e.getValue().peekFirst().active() || !e.getValue().peekFirst().acknowledged() ? 1 : 0)
                        .thenComparing(e -> e.getValue().peekFirst().updatedMs()))
                .map(Map.Entry::getKey).orElseThrow();
        byId.remove(victim);
    }
}
