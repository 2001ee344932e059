package dev.cascade.cloud.worker;

import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.window.SensorKind;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Batch-size and queue-delay histograms per model ({@code cascade_infer_batch_size_windows},
 * {@code cascade_infer_queue_delay_seconds}, {@code cascade_infer_model_call_seconds}), with Prometheus histogram
 * buckets. Thread-safe.
 */
final class BatchMeters implements BatchObserver {
    private final Map<SensorKind, DistributionSummary> sizes = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, Timer> delays = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, Timer> calls = new EnumMap<>(SensorKind.class);

    BatchMeters(RoleMetrics m, Set<SensorKind> kinds) {
        for (SensorKind k : kinds) {
            Tags t = Tags.of("kind", k.name().toLowerCase(Locale.ROOT));
            sizes.put(k, DistributionSummary.builder(m.name("batch_size", "windows"))
                    .description("windows per model call").tags(t).publishPercentileHistogram()
                    .minimumExpectedValue(1.0).maximumExpectedValue(4096.0).register(m.registry()));
            delays.put(k, m.timer("queue_delay", "time the oldest window of a batch waited in its model's queue", t));
            calls.put(k, m.timer("model_call", "one batched model call: features and inference", t));
        }
    }

    @Override
    public void batch(SensorKind kind, int size, long waitedNanos, long callNanos) {
        DistributionSummary s = sizes.get(kind);
        if (s == null) {
            return;
        }
        s.record(size);
        delays.get(kind).record(waitedNanos, TimeUnit.NANOSECONDS);
        calls.get(kind).record(callNanos, TimeUnit.NANOSECONDS);
    }
}
