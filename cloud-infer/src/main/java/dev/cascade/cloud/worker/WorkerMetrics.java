package dev.cascade.cloud.worker;

import dev.cascade.ops.Health;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.codec.RejectReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import dev.cascade.protocol.window.SensorKind;
import java.util.EnumSet;
import java.util.Locale;

/** Exposes the inference workers' counts as {@code cascade_infer_*} meters and their readiness as a health check. */
public final class WorkerMetrics {
    private WorkerMetrics() {}

    /** Registers the workers' meters in {@code registry}; they read the workers' stats on each scrape. */
    public static void bind(InferenceWorkers workers, MeterRegistry registry) {
        RoleMetrics m = RoleMetrics.of("infer", registry);
        m.counter("escalations_in", "escalations read from Kafka", workers, w -> w.stats().escalations(), Tags.empty());
        m.counter("windows_inferred", "windows scored by a cloud model", workers, w -> w.stats().inferred(), Tags.empty());
        m.counter("batches", "batched model calls", workers, w -> w.stats().batches(), Tags.empty());
        m.counter("commands_out", "commands issued", workers, w -> w.stats().commands(), Tags.empty());
        m.counter("alerts_out", "alerts raised", workers, w -> w.stats().alerts(), Tags.empty());
        m.counter("held_back", "positive verdicts held back by the cooldown", workers, w -> w.stats().heldBack(),
                Tags.empty());
        m.counter("unconfirmed", "anomalous windows not (yet) confirmed by others of the machine", workers,
                w -> w.stats().unconfirmed(), Tags.empty());
        m.counter("duplicates", "escalations skipped as already scored", workers, w -> w.stats().duplicates(), Tags.empty());
        m.countersByKey("rejects", "escalations refused and dead-lettered, by reason", "reason",
                EnumSet.allOf(RejectReason.class), RejectReason::displayName, workers::rejections);
        m.counter("worker_restarts", "workers that failed and were restarted by the supervisor", workers,
                w -> w.stats().workerRestarts(), Tags.empty());
        m.gauge("batch_latency_p50", "seconds", "median time of one batched model call (features + inference)", workers,
                w -> w.stats().inferP50Micros() / 1e6, Tags.empty());
        m.gauge("batch_latency_p99", "seconds", "99th percentile time of one batched model call", workers,
                w -> w.stats().inferP99Micros() / 1e6, Tags.empty());
        m.gauge("kafka_consumer_lag", "records", "escalations behind the end of the topic", workers,
                InferenceWorkers::consumerLag, Tags.empty());
        m.counter("transactions", "Kafka transactions committed (outputs and consumed offsets together; under delivery at-least-once,"
                + " flushes whose outputs were all acknowledged)", workers,
                InferenceWorkers::transactionsCommitted, Tags.empty());
        m.counter("transactions_aborted", "Kafka transactions aborted and retried from the last committed offsets (at-least-once: failed"
                + " flushes and offset commits)",
                workers, InferenceWorkers::transactionsAborted, Tags.empty());
        m.counter("isolated_failures", "windows a model failed on alone after their batch failed (dead-lettered)",
                workers, InferenceWorkers::isolatedFailures, Tags.empty());
        m.gauge("first_inference", "seconds", "start of the workers to their first model call on real windows"
                + " (-1 before it)", workers, InferenceWorkers::firstInferenceSeconds, Tags.empty());
        m.gauge("first_commit", "seconds", "start of the workers to the commit of their first results (-1 before it)",
                workers, InferenceWorkers::firstCommitSeconds, Tags.empty());
        m.gauge("startup_to_ready", "seconds", "start of the workers to ready: models warmed, group joined (-1 before)",
                workers, InferenceWorkers::readySeconds, Tags.empty());
        m.gauge("added_latency_p99", "seconds", "99th percentile of the time from a scored window's poll until its result is"
                + " readable: its transaction's commit, or under at-least-once its acknowledgement (since start)",
                workers, w -> p99Seconds(w.addedLatencyMicros()), Tags.empty());
        m.gauge("produced_latency_p99", "seconds", "99th percentile of the time from a scored window's poll to the broker's"
                + " acknowledgement of its result (since start)", workers, w -> p99Seconds(w.producedLatencyMicros()),
                Tags.empty());
        for (SensorKind kind : workers.kinds()) {
            Tags model = Tags.of("kind", kind.name().toLowerCase(Locale.ROOT));
            m.gauge("throughput", "windows_per_second", "windows one instance scores per second of model-call time",
                    workers, w -> w.throughput(kind), model);
            m.gauge("cost_per_million", "inferences", "cost of 1M inferences at the measured throughput and "
                    + "cost.price-per-instance-hour (0 until measured or when no price is set)", workers,
                    w -> w.costPerMillion(kind), model);
        }
        m.countersByKey("routed_windows", "windows scored per path: gpu for batches of at least onnx.gpu-min-batch when "
                + "CUDA was chosen, cpu otherwise", "path", java.util.List.of("cpu", "gpu"), p -> p, workers::routed);
        ShadowMeters.bind(workers, m);
        BatchMeters meters = new BatchMeters(m, workers.kinds());
        workers.observe(meters);
        workers.backends().forEach((kind, backend) -> m.gauge("models", "loaded", "models loaded, by kind and the backend they run on",
                workers, w -> 1, Tags.of("kind", kind.name().toLowerCase(java.util.Locale.ROOT), "backend", backend)));
        // One gauge per version ever live: the worker threads scoring with it now (a promoted version rises to the
        // worker count as each worker swaps between two batches; the one it replaced falls to 0).
        workers.observeModels(live -> live.live().forEach((kind, bundle) -> {
            dev.cascade.protocol.model.ModelRef ref = new dev.cascade.protocol.model.ModelRef(bundle.manifest().name(),
                    bundle.manifest().version());
            m.gauge("model_live", "workers", "worker threads scoring this kind with this model version now", workers,
                    w -> w.workersRunning(kind, ref), Tags.of("kind", kind.name().toLowerCase(Locale.ROOT),
                            "model", ref.name(), "version", ref.version()));
        }));
    }

    /** Adds the workers' readiness to {@code health}: models warmed, workers running, consumer group joined. */
    public static void readiness(InferenceWorkers workers, Health health) {
        health.readiness("infer_workers", workers::ready);
    }

    private static double p99Seconds(org.HdrHistogram.Histogram micros) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(99) / 1e6;
    }
}
