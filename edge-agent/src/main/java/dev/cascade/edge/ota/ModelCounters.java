package dev.cascade.edge.ota;

import dev.cascade.protocol.model.ModelRef;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each model version did on this agent since it started: windows routed to it, escalations it caused (audit
 * samples not counted) and windows it failed on. The workers count; the update watch reads. Thread-safe.
 */
public final class ModelCounters {
    private final Map<ModelRef, Counts> byModel = new ConcurrentHashMap<>();

    private Counts of(ModelRef m) {
        return byModel.computeIfAbsent(m, k -> new Counts());
    }

    /** A window was handed to {@code m} (once per window). */
    public void window(ModelRef m) {
        of(m).windows.increment();
    }

    /** A window of {@code m} was escalated for a reason other than auditing. */
    public void escalated(ModelRef m) {
        of(m).escalated.increment();
    }

    /** {@code m} failed on a window (non-finite output, internal error) or could not be opened by a worker. */
    public void failed(ModelRef m) {
        of(m).failed.increment();
    }

    /** The counts of {@code m} now. */
    public Snapshot snapshot(ModelRef m) {
        Counts c = byModel.get(m);
        return c == null ? new Snapshot(0, 0, 0) : new Snapshot(c.windows.sum(), c.escalated.sum(), c.failed.sum());
    }

    /** Windows per model version ({@code name@version}), sorted. */
    public Map<String, Long> windowsByModel() {
        Map<String, Long> out = new TreeMap<>();
        byModel.forEach((k, v) -> out.put(k.toString(), v.windows.sum()));
        return out;
    }

    /** One model's counts at one moment. */
    public record Snapshot(long windows, long escalated, long failed) {
        /** The counts since {@code earlier}. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(windows - earlier.windows, escalated - earlier.escalated, failed - earlier.failed);
        }
    }

    private static final class Counts {
        final LongAdder windows = new LongAdder();
        final LongAdder escalated = new LongAdder();
        final LongAdder failed = new LongAdder();
    }
}
