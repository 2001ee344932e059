package dev.cascade.cloud.worker;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A latency distribution written by any thread and read as the total since start, in microseconds. */
final class LatencyMeter {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);

    /** Records one latency of {@code nanos} (negative values count as zero). */
    void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos / 1000));
    }

    /** Every latency recorded since start, in microseconds (a copy). */
    Histogram sinceStart() {
        synchronized (total) {
            total.add(recorder.getIntervalHistogram());
            return total.copy();
        }
    }
}
