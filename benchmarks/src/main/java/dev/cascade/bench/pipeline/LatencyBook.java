package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import dev.cascade.pipeline.PipelineMonitor.LatencyListener;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latency samples of one phase: per second (as they arrive, for the timeline), in total for the windows sent
 * inside the measured interval (so warm-up windows never count, however late they finish), and in total for the
 * events that happened inside it (which shows a backlog).
 * Recording is thread-safe; reading ({@link #interval()}, {@link #measured}) belongs to one thread.
 */
final class LatencyBook implements LatencyListener {
    /** Latencies above this (microseconds) are recorded as this. */
    static final long MAX_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private volatile Instant from = Instant.MAX;
    private volatile Instant to = Instant.MAX;
    private final Map<LatencyKind, Recorder> perSecond = new EnumMap<>(LatencyKind.class);
    private final Map<LatencyKind, Recorder> measuredRecorders = new EnumMap<>(LatencyKind.class);
    private final Map<LatencyKind, Histogram> measured = new EnumMap<>(LatencyKind.class);
    private final Map<LatencyKind, Recorder> arrivalRecorders = new EnumMap<>(LatencyKind.class);
    private final Map<LatencyKind, Histogram> arrived = new EnumMap<>(LatencyKind.class);

    LatencyBook() {
        for (LatencyKind k : LatencyKind.values()) {
            perSecond.put(k, new Recorder(MAX_MICROS, 3));
            measuredRecorders.put(k, new Recorder(MAX_MICROS, 3));
            measured.put(k, new Histogram(MAX_MICROS, 3));
            arrivalRecorders.put(k, new Recorder(MAX_MICROS, 3));
            arrived.put(k, new Histogram(MAX_MICROS, 3));
        }
    }

    /** From now on, counts the windows sent in {@code [from, to)} as measured. */
    void measure(Instant from, Instant to) {
        this.to = to;
        this.from = from;
    }

    @Override
    public void onLatency(LatencyKind kind, Instant windowSentAt, Instant at) {
        long micros = Math.max(0, Math.min(MAX_MICROS, Duration.between(windowSentAt, at).toNanos() / 1000));
        perSecond.get(kind).recordValue(micros);
        if (!windowSentAt.isBefore(from) && windowSentAt.isBefore(to)) {
            measuredRecorders.get(kind).recordValue(micros);
        }
        if (!at.isBefore(from) && at.isBefore(to)) {
            arrivalRecorders.get(kind).recordValue(micros);
        }
    }

    /** The samples since the previous call, per kind. */
    Map<LatencyKind, Histogram> interval() {
        Map<LatencyKind, Histogram> out = new EnumMap<>(LatencyKind.class);
        perSecond.forEach((k, r) -> out.put(k, r.getIntervalHistogram()));
        return out;
    }

    /** All samples of windows sent in the measured interval, so far. */
    Histogram measured(LatencyKind kind) {
        Histogram h = measured.get(kind);
        h.add(measuredRecorders.get(kind).getIntervalHistogram());
        return h;
    }

    /**
     * All samples whose event (acknowledgement, verdict, action) happened in the measured interval, whenever their
     * window was sent: when the pipeline falls behind, this shows how far (windows sent in the interval may never
     * finish in it).
     */
    Histogram arrived(LatencyKind kind) {
        Histogram h = arrived.get(kind);
        h.add(arrivalRecorders.get(kind).getIntervalHistogram());
        return h;
    }

    /** Percentiles of a histogram of microseconds, in milliseconds. */
    record Summary(long count, double mean, double p50, double p90, double p99, double p999, double max) {
        static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);

        static Summary of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Summary(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
        }

        private static double ms(double micros) {
            return Math.round(micros) / 1000.0;
        }
    }
}
