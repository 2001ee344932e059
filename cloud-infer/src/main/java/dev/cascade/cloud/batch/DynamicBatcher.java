package dev.cascade.cloud.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Queues items per model across polls and partitions and says when a batch is due: a model's queue is due when it
 * holds its policy's {@code maxBatch} items or its oldest item has waited {@code maxQueueDelay} (Triton's dynamic
 * batcher). Time comes from an injected nanosecond clock. Not thread-safe: one per worker thread.
 *
 * @param <K> the model key
 * @param <T> a queued item
 */
public final class DynamicBatcher<K, T> {
    private final Map<K, BatchPolicy> policies;
    private final LongSupplier nanoTime;
    private final Map<K, Queue<T>> queues = new LinkedHashMap<>();
    private int size;

    /** A batcher over the models in {@code policies}, reading time from {@code nanoTime}. */
    public DynamicBatcher(Map<K, BatchPolicy> policies, LongSupplier nanoTime) {
        if (policies == null || policies.isEmpty() || nanoTime == null) {
            throw new IllegalArgumentException("policies must name at least one model and nanoTime must be set, was "
                    + policies);
        }
        this.policies = Map.copyOf(policies);
        this.nanoTime = nanoTime;
    }

    /** Queues {@code item} for model {@code key}; throws if the model has no policy (a caller's mistake). */
    public void add(K key, T item) {
        BatchPolicy p = policies.get(key);
        if (p == null) {
            throw new IllegalArgumentException("key must be a model with a batch policy, was " + key);
        }
        queues.computeIfAbsent(key, k -> new Queue<>()).add(item, nanoTime.getAsLong());
        size++;
    }

    /** Items queued over all models. */
    public int size() {
        return size;
    }

    /** Whether any model's queue is full or has waited its longest delay. */
    public boolean due() {
        return nanosUntilDue() == 0;
    }

    /** Nanoseconds until the first queue falls due (0: one is due now; {@code Long.MAX_VALUE}: nothing queued). */
    public long nanosUntilDue() {
        long now = nanoTime.getAsLong();
        long best = Long.MAX_VALUE;
        for (Map.Entry<K, Queue<T>> e : queues.entrySet()) {
            Queue<T> q = e.getValue();
            if (q.items.isEmpty()) {
                continue;
            }
            BatchPolicy p = policies.get(e.getKey());
            if (q.items.size() >= p.maxBatch()) {
                return 0;
            }
            long left = q.oldestNanos + p.maxQueueDelay().toNanos() - now;
            if (left <= 0) {
                return 0;
            }
            best = Math.min(best, left);
        }
        return best;
    }

    /**
     * Takes every queued item as batches of at most each model's {@code maxBatch}, in arrival order per model, each
     * with the time its oldest item waited.
     */
    public List<Batch<K, T>> drain() {
        long now = nanoTime.getAsLong();
        List<Batch<K, T>> out = new ArrayList<>();
        for (Map.Entry<K, Queue<T>> e : queues.entrySet()) {
            Queue<T> q = e.getValue();
            int max = policies.get(e.getKey()).maxBatch();
            for (int from = 0; from < q.items.size(); from += max) {
                int to = Math.min(q.items.size(), from + max);
                out.add(new Batch<>(e.getKey(), List.copyOf(q.items.subList(from, to)), now - q.since.get(from)));
            }
            q.items.clear();
            q.since.clear();
        }
        size = 0;
        return out;
    }

    /** Drops everything queued (after a failed transaction the records are read again). */
    public void clear() {
        queues.clear();
        size = 0;
    }

    /**
     * One model call's worth of items.
     *
     * @param key the model
     * @param items the items in arrival order
     * @param waitedNanos how long the oldest of them waited in the queue
     */
    public record Batch<K, T>(K key, List<T> items, long waitedNanos) {
        public Batch {
            items = Collections.unmodifiableList(items);
        }
    }

    private static final class Queue<T> {
        final List<T> items = new ArrayList<>();
        final List<Long> since = new ArrayList<>();
        long oldestNanos;

        void add(T item, long now) {
            if (items.isEmpty()) {
                oldestNanos = now;
            }
            items.add(item);
            since.add(now);
        }
    }
}
