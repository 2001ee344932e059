package dev.cascade.dashboard.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pipeline health from what passes on Kafka over the last {@code window}: escalations and results per second,
 * window-to-verdict and window-to-acknowledgement latency p50/p99, the escalation rate (escalations per result),
 * batch sizes, and the consumer lag of the pipeline's groups (set by a {@link LagProbe}). Thread-safe.
 */
public final class PipelineHealth {
    private record Sample(Instant at, double value) {}

    private final Clock clock;
    private final Duration window;
    private final ArrayDeque<Sample> escalations = new ArrayDeque<>();
    private final ArrayDeque<Sample> results = new ArrayDeque<>();
    private final ArrayDeque<Sample> acks = new ArrayDeque<>();
    private final ArrayDeque<Sample> batches = new ArrayDeque<>();
    private Map<String, Long> lag = Map.of();

    public PipelineHealth(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** An escalation arrived. */
    public synchronized void escalation() {
        add(escalations, 0);
    }

    /** A result arrived: its window-to-verdict latency and the size of its model batch. */
    public synchronized void result(Duration latency, int batchSize) {
        add(results, latency.toNanos() / 1e6);
        add(batches, batchSize);
    }

    /** An acknowledgement arrived: its window-to-acknowledgement latency. */
    public synchronized void ack(Duration latency) {
        add(acks, latency.toNanos() / 1e6);
    }

    /** The latest consumer lag per group (records behind). */
    public synchronized void lag(Map<String, Long> byGroup) {
        lag = Map.copyOf(byGroup);
    }

    /** The figures as the page shows them. */
    public synchronized Map<String, Object> snapshot() {
        Instant now = clock.instant();
        for (ArrayDeque<Sample> q : new ArrayDeque[] {escalations, results, acks, batches}) {
            trim(q, now);
        }
        double seconds = window.toMillis() / 1000.0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("escalationsPerSec", round(escalations.size() / seconds));
        m.put("resultsPerSec", round(results.size() / seconds));
        m.put("escalationRate", results.isEmpty() ? 0.0 : round((double) escalations.size() / results.size()));
        double[] lat = values(results);
        m.put("verdictLatencyP50Ms", round(percentile(lat, 0.50)));
        m.put("verdictLatencyP99Ms", round(percentile(lat, 0.99)));
        double[] ackLat = values(acks);
        m.put("ackLatencyP50Ms", round(percentile(ackLat, 0.50)));
        m.put("ackLatencyP99Ms", round(percentile(ackLat, 0.99)));
        double[] b = values(batches);
        m.put("batchSizeMean", round(Arrays.stream(b).average().orElse(0)));
        m.put("batchSizeMax", Arrays.stream(b).max().orElse(0));
        m.put("consumerLag", lag);
        m.put("windowSeconds", seconds);
        return m;
    }

    private void add(ArrayDeque<Sample> q, double v) {
        Instant now = clock.instant();
        q.addLast(new Sample(now, v));
        trim(q, now);
    }

    private void trim(ArrayDeque<Sample> q, Instant now) {
        Instant oldest = now.minus(window);
        while (!q.isEmpty() && q.peekFirst().at().isBefore(oldest)) {
            q.removeFirst();
        }
        while (q.size() > 100_000) {
            q.removeFirst();
        }
    }

    private static double[] values(ArrayDeque<Sample> q) {
        return q.stream().mapToDouble(Sample::value).sorted().toArray();
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
