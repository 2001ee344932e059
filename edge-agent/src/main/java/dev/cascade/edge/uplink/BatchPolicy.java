package dev.cascade.edge.uplink;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.EscalationBatch;
import java.time.Duration;

/**
 * When a batch of one sensor kind's escalations is sent: as soon as it holds {@code maxCount} escalations or
 * {@code maxBytes} of them, or when its oldest has waited {@code maxAge} and nothing more is queued. While a
 * backlog drains (after an outage) batches fill by count and bytes.
 *
 * @param maxCount escalations per message (1: each alone)
 * @param maxBytes encoded escalation bytes per batch (before compression)
 * @param maxAge the longest an escalation waits for its batch to fill
 */
public record BatchPolicy(int maxCount, int maxBytes, Duration maxAge) {
    public BatchPolicy {
        if (maxCount < 1 || maxCount > EscalationBatch.MAX_SIZE) {
            throw new IllegalArgumentException("maxCount must be in [1, " + EscalationBatch.MAX_SIZE + "], was " + maxCount);
        }
        if (maxBytes < 1024 || maxBytes > Codecs.MAX_BATCH_BYTES / 2) {
            throw new IllegalArgumentException("maxBytes must be in [1024, " + Codecs.MAX_BATCH_BYTES / 2 + "], was " + maxBytes);
        }
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be >= 0, was " + maxAge);
        }
    }

    /** Each escalation alone, at once. */
    public static BatchPolicy immediate() {
        return new BatchPolicy(1, 1 << 20, Duration.ZERO);
    }
}
