package dev.cascade.edge.uplink;

import java.time.Duration;

/**
 * How escalations travel to the cloud.
 *
 * @param batchSize escalations per message: 1 sends each alone (lowest latency); more sends
 *     {@code EscalationBatch}es (less overhead when bandwidth is dear)
 * @param maxBatchDelay the longest an escalation waits for its batch to fill
 * @param capacity escalations held while the uplink is down; beyond this the agent stops reading sensors
 *     (back-pressure to the sensors' broker) rather than drop anything
 */
public record UplinkOptions(int batchSize, Duration maxBatchDelay, int capacity) {
    public UplinkOptions {
        if (batchSize < 1 || batchSize > dev.cascade.protocol.escalation.EscalationBatch.MAX_SIZE) {
            throw new IllegalArgumentException("batchSize must be in [1, "
                    + dev.cascade.protocol.escalation.EscalationBatch.MAX_SIZE + "], was " + batchSize);
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay must be >= 0, was " + maxBatchDelay);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
    }

    /** One escalation per message, 100,000 held while offline. */
    public static UplinkOptions immediate() {
        return new UplinkOptions(1, Duration.ZERO, 100_000);
    }

    public static UplinkOptions batched(int size, Duration maxDelay) {
        return new UplinkOptions(size, maxDelay, 100_000);
    }
}
