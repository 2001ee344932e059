package dev.cascade.edge.health;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Latencies recorded from many threads, read as percentiles of each interval. Thread-safe. */
public final class LatencyWindow {
    private final Recorder recorder = new Recorder(3);
    private Histogram interval;

    /** One latency, in nanoseconds. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos / 1000));
    }

    /** Median and 99th percentile in microseconds of what was recorded since the last call ({0, 0} when nothing). */
    public synchronized long[] takeP50P99Micros() {
        interval = recorder.getIntervalHistogram(interval);
        if (interval.getTotalCount() == 0) {
            return new long[] {0, 0};
        }
        return new long[] {interval.getValueAtPercentile(50), interval.getValueAtPercentile(99)};
    }
}
