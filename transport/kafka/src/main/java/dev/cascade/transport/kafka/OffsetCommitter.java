package dev.cascade.transport.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a consumer's positions at most once per interval, without blocking its poll loop, and synchronously when
 * partitions are revoked or the consumer closes.
 *
 * <p>Call {@link #processed()} after every poll whose records are fully handled (their outputs acknowledged). A
 * crash can then replay at most one interval of handled records, which the consumers of Cascade's topics
 * deduplicate (by escalation and command id); in return the loop does not wait a broker round trip per batch and
 * the broker does not write an offset record per batch. Register it as the rebalance listener in
 * {@code subscribe(topics, committer)}. Not thread-safe: use it from the consumer's thread.
 */
public final class OffsetCommitter implements ConsumerRebalanceListener {
    private volatile boolean joined;
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final Consumer<?, ?> consumer;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastCommit;
    private boolean pending;

    /** Commits {@code consumer}'s positions at most every {@code interval} (zero: after every poll). */
    public OffsetCommitter(Consumer<?, ?> consumer, Duration interval, LongSupplier nanoTime) {
        if (consumer == null || interval == null || interval.isNegative() || nanoTime == null) {
            throw new IllegalArgumentException("consumer, interval >= 0 and clock are required");
        }
        this.consumer = consumer;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastCommit = nanoTime.getAsLong();
    }

    /** Every record returned by the last poll is handled: commit now if the interval has passed. */
    public void processed() {
        pending = true;
        long now = nanoTime.getAsLong();
        if (now - lastCommit >= intervalNanos) {
            consumer.commitAsync((offsets, e) -> {
                if (e != null) {
                    log.warn("offset commit failed ({}); the next one covers these records", e.toString());
                }
            });
            lastCommit = now;
            pending = false;
        }
    }

    /** Commits what was handled, waiting for the broker; call before closing the consumer. */
    public void flush() {
        if (pending) {
            try {
                try {
                    consumer.commitSync(Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    // a wakeup() meant to end the poll loop lands on the first blocking call: this one; commit again
                    consumer.commitSync(Duration.ofSeconds(5));
                }
                pending = false;
            } catch (RuntimeException e) {
                log.warn("final offset commit failed ({}); up to {} ms of records will be redelivered", e.toString(),
                        intervalNanos / 1_000_000);
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        flush();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // nothing else to do: positions come from the committed offsets
        joined = true;
    }

    /** Whether the consumer has joined its group (received an assignment) at least once; readable from any thread. */
    public boolean joined() {
        return joined;
    }
}
