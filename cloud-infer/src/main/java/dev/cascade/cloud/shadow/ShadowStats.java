package dev.cascade.cloud.shadow;

import dev.cascade.protocol.window.SensorKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disagreement of shadow models with the live ones, per kind, since start and since the last {@link #report()}:
 * windows compared, decisions differing, score deltas (to an observer, e.g. a histogram in {@code /metrics}).
 * Thread-safe.
 */
public final class ShadowStats {
    private static final Logger log = LoggerFactory.getLogger(ShadowStats.class);

    /** Receives each compared window's score delta. */
    @FunctionalInterface
    public interface Observer {
        void delta(SensorKind kind, double delta);
    }

    private final Map<SensorKind, Totals> total = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, Totals> interval = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, String> pair = new EnumMap<>(SensorKind.class);
    private volatile Observer observer = (k, d) -> {};

    public ShadowStats(Set<SensorKind> kinds) {
        for (SensorKind k : kinds) {
            total.put(k, new Totals());
            interval.put(k, new Totals());
        }
    }

    /** Sends every delta from now on to {@code o} (replacing the previous observer). */
    public void observe(Observer o) {
        if (o == null) {
            throw new IllegalArgumentException("observer must not be null");
        }
        observer = o;
    }

    /** Adds one batch's comparison (a batch scored again after an aborted transaction is compared again). */
    public void add(ShadowBatch b) {
        synchronized (this) {
            Totals t = total.get(b.kind());
            if (t == null) {
                return;
            }
            t.add(b);
            interval.get(b.kind()).add(b);
            pair.put(b.kind(), b.shadow() + " beside live " + b.live());
        }
        Observer o = observer;
        for (double d : b.deltas()) {
            o.delta(b.kind(), d);
        }
    }

    /** A shadow model failed on a batch the live one scored (the live outputs are unaffected). */
    public synchronized void failed(SensorKind kind) {
        Totals t = total.get(kind);
        if (t != null) {
            t.failures++;
            interval.get(kind).failures++;
        }
    }

    /** A batch went without a shadow score because the shadow lane was still busy with earlier ones. */
    public synchronized void skipped(SensorKind kind, int windows) {
        Totals t = total.get(kind);
        if (t != null) {
            t.skipped += windows;
            interval.get(kind).skipped += windows;
        }
    }

    /** Windows of a kind not shadow-scored because the shadow lane was behind, since start. */
    public synchronized long skipped(SensorKind kind) {
        Totals t = total.get(kind);
        return t == null ? 0 : t.skipped;
    }

    /** Windows of a kind both models scored, since start. */
    public synchronized long compared(SensorKind kind) {
        Totals t = total.get(kind);
        return t == null ? 0 : t.compared;
    }

    /** Windows of a kind whose decision differed, since start. */
    public synchronized long disagreed(SensorKind kind) {
        Totals t = total.get(kind);
        return t == null ? 0 : t.disagreed;
    }

    /** Batches of a kind the shadow model failed on, since start. */
    public synchronized long failures(SensorKind kind) {
        Totals t = total.get(kind);
        return t == null ? 0 : t.failures;
    }

    /** The largest score delta of a kind since start (0 before any). */
    public synchronized double maxDelta(SensorKind kind) {
        Totals t = total.get(kind);
        return t == null ? 0 : t.maxDelta;
    }

    /** One line per kind compared since the last report (empty map if none), and starts a new interval. */
    public Map<SensorKind, String> report() {
        Map<SensorKind, String> lines = new EnumMap<>(SensorKind.class);
        synchronized (this) {
            interval.forEach((k, t) -> {
                if (t.compared > 0 || t.failures > 0 || t.skipped > 0) {
                    lines.put(k, line(k, t, total.get(k)));
                }
                interval.put(k, new Totals());
            });
        }
        lines.values().forEach(log::info);
        return lines;
    }

    /** Reports on a schedule: a task for the owner's scheduler. */
    public Runnable reporter(Consumer<RuntimeException> onError) {
        return () -> {
            try {
                report();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
        };
    }

    private String line(SensorKind k, Totals t, Totals all) {
        return String.format(java.util.Locale.ROOT, "shadow %s: %s windows: %d compared, %d decisions differ (%.2f %%), "
                        + "score delta mean %.6f max %.6f, %d failed batches, %d windows skipped (shadow behind); since start %d "
                        + "compared, %d differ",
                pair.getOrDefault(k, "?"), k.displayName(), t.compared, t.disagreed,
                100.0 * t.disagreed / Math.max(1, t.compared), t.compared == 0 ? 0 : t.deltaSum / t.compared,
                t.maxDelta, t.failures, t.skipped, all.compared, all.disagreed);
    }

    private static final class Totals {
        long compared;
        long disagreed;
        long failures;
        long skipped;
        double deltaSum;
        double maxDelta;

        void add(ShadowBatch b) {
            compared += b.compared();
            disagreed += b.disagreed();
            for (double d : b.deltas()) {
                deltaSum += d;
                maxDelta = Math.max(maxDelta, d);
            }
        }
    }
}
