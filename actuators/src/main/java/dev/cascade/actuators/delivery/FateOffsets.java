package dev.cascade.actuators.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a command's offset only once its fate (acknowledged, refused, expired) is on the acks topic: per partition,
 * the committed offset is the lowest offset read whose fate is not written yet (or the next to read when none is
 * open). {@link #read} and {@link #commit} run on the consumer's thread; {@link #done} from any thread.
 * Register it as the rebalance listener. Thread-safe.
 */
final class FateOffsets implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(FateOffsets.class);

    private final Consumer<?, ?> consumer;
    private final long intervalNanos;
    private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommit = System.nanoTime();
    private volatile boolean joined;

    FateOffsets(Consumer<?, ?> consumer, Duration interval) {
        this.consumer = consumer;
        this.intervalNanos = interval.toNanos();
    }

    /** A record was read; its offset stays uncommitted until {@link #done}. */
    synchronized void read(TopicPartition tp, long offset) {
        open.computeIfAbsent(tp, t -> new TreeSet<>()).add(offset);
        next.merge(tp, offset + 1, Math::max);
    }

    /** The record's fate is on the acks topic (or it needed none). */
    synchronized void done(TopicPartition tp, long offset) {
        TreeSet<Long> s = open.get(tp);
        if (s != null) {
            s.remove(offset);
        }
    }

    /** Records not yet done, over all partitions. */
    synchronized int openCount() {
        int n = 0;
        for (TreeSet<Long> s : open.values()) {
            n += s.size();
        }
        return n;
    }

    /** Commits (asynchronously) what moved, at most once per interval. */
    void commit() {
        long now = System.nanoTime();
        if (now - lastCommit < intervalNanos) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> m = committable(null);
        if (!m.isEmpty()) {
            consumer.commitAsync(m, (offsets, e) -> {
                if (e != null) {
                    log.warn("offset commit failed ({}); the next one covers these commands", e.toString());
                }
            });
        }
    }

    /** Commits what is done, waiting for the broker. */
    void flush(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> m = committable(only);
        if (m.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(m, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                consumer.commitSync(m, Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            log.warn("offset commit failed ({}); commands whose fate is written will be read again and skipped", e.toString());
        }
    }

    private synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            if (only != null && !only.contains(e.getKey())) {
                continue;
            }
            TreeSet<Long> s = open.get(e.getKey());
            long offset = s == null || s.isEmpty() ? e.getValue() : s.first();
            if (!committed.containsKey(e.getKey()) || committed.get(e.getKey()) != offset) {
                m.put(e.getKey(), new OffsetAndMetadata(offset));
                committed.put(e.getKey(), offset);
            }
        }
        return m;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        flush(partitions);
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        joined = true;
    }

    private synchronized void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            open.remove(tp);
            next.remove(tp);
            committed.remove(tp);
        }
    }

    boolean joined() {
        return joined;
    }
}
