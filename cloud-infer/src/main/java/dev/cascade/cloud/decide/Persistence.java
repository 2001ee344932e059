package dev.cascade.cloud.decide;

import dev.cascade.protocol.window.DeviceId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Confirms a condition only when it persists: {@code required} positive windows of one device among
 * {@code within} consecutive windows of it (by the device's sequence numbers, so the rule means the same
 * whatever the device's window rate). Stopping a machine is costly, and the windows the edge escalates are
 * exactly its unusual ones: one of them is not proof. A device whose sequence goes backwards (a restart)
 * starts afresh. Not thread-safe: one per worker (Kafka keeps each device on one worker).
 */
public final class Persistence {
    private static final int MAX_DEVICES = 100_000;

    private final int required;
    private final int within;
    private final Map<DeviceId, Deque<Long>> seen = new HashMap<>();

    public Persistence(int required, int within) {
        if (required < 1) {
            throw new IllegalArgumentException("required must be >= 1, was " + required);
        }
        if (within < required) {
            throw new IllegalArgumentException("within must be >= required (" + required + "), was " + within);
        }
        this.required = required;
        this.within = within;
    }

    /** Records a positive window of {@code device} with sequence number {@code sequence}; true once confirmed. */
    public boolean confirm(DeviceId device, long sequence) {
        if (required == 1) {
            return true;
        }
        if (seen.size() >= MAX_DEVICES && !seen.containsKey(device)) {
            seen.clear();
        }
        Deque<Long> q = seen.computeIfAbsent(device, d -> new ArrayDeque<>());
        if (!q.isEmpty() && sequence < q.peekLast()) {
            q.clear();
        }
        if (q.isEmpty() || q.peekLast() != sequence) {
            q.addLast(sequence);
        }
        while (!q.isEmpty() && q.peekFirst() <= sequence - within) {
            q.pollFirst();
        }
        return q.size() >= required;
    }
}
