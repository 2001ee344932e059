package dev.cascade.edge.uplink;

import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.window.SensorKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How escalations travel to the cloud.
 *
 * @param batchSize escalations per message for kinds without their own policy: 1 sends each alone (lowest
 *     latency); more sends {@code EscalationBatch}es (less overhead when bandwidth is dear)
 * @param maxBatchDelay the longest an escalation waits for its batch to fill (kinds without their own policy)
 * @param capacity no longer used: the outbox bounds what is held, in bytes ({@code OutboxOptions})
 * @param perKind a batch policy per sensor kind, overriding {@code batchSize} and {@code maxBatchDelay}
 * @param deflate whether batches travel deflated (channel {@code escalation-batches-deflate})
 * @param transport the client that carries the links to the cloud broker (Paho MQTT or the AWS IoT Device SDK)
 */
public record UplinkOptions(int batchSize, Duration maxBatchDelay, int capacity, Map<SensorKind, BatchPolicy> perKind,
                            boolean deflate, UplinkTransport transport) {
    /** Encoded escalation bytes per batch for kinds without their own policy. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1 << 20;

    public UplinkOptions {
        if (batchSize < 1 || batchSize > EscalationBatch.MAX_SIZE) {
            throw new IllegalArgumentException("batchSize must be in [1, " + EscalationBatch.MAX_SIZE + "], was " + batchSize);
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay must be >= 0, was " + maxBatchDelay);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        if (perKind == null) {
            throw new IllegalArgumentException("perKind must not be null (use Map.of())");
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null (use UplinkTransport.mqtt())");
        }
        perKind = Map.copyOf(perKind.isEmpty() ? Map.of() : new EnumMap<>(perKind));
    }

    /** As the canonical constructor, over Paho MQTT. */
    public UplinkOptions(int batchSize, Duration maxBatchDelay, int capacity, Map<SensorKind, BatchPolicy> perKind,
                         boolean deflate) {
        this(batchSize, maxBatchDelay, capacity, perKind, deflate, UplinkTransport.mqtt());
    }

    /** As the canonical constructor, with no per-kind policies and no compression, over Paho MQTT. */
    public UplinkOptions(int batchSize, Duration maxBatchDelay, int capacity) {
        this(batchSize, maxBatchDelay, capacity, Map.of(), false);
    }

    /** One escalation per message. */
    public static UplinkOptions immediate() {
        return new UplinkOptions(1, Duration.ZERO, 100_000);
    }

    public static UplinkOptions batched(int size, Duration maxDelay) {
        return new UplinkOptions(size, maxDelay, 100_000);
    }

    /** The same, with {@code policy} for {@code kind}. */
    public UplinkOptions withKind(SensorKind kind, BatchPolicy policy) {
        Map<SensorKind, BatchPolicy> m = new EnumMap<>(SensorKind.class);
        m.putAll(perKind);
        m.put(kind, policy);
        return new UplinkOptions(batchSize, maxBatchDelay, capacity, m, deflate, transport);
    }

    /** The same, with batches deflated or not. */
    public UplinkOptions withDeflate(boolean on) {
        return new UplinkOptions(batchSize, maxBatchDelay, capacity, perKind, on, transport);
    }

    /** The same, over {@code t}. */
    public UplinkOptions withTransport(UplinkTransport t) {
        return new UplinkOptions(batchSize, maxBatchDelay, capacity, perKind, deflate, t);
    }

    /** The batch policy of {@code kind}. */
    public BatchPolicy policy(SensorKind kind) {
        BatchPolicy p = kind == null ? null : perKind.get(kind);
        return p != null ? p : new BatchPolicy(batchSize, DEFAULT_MAX_BATCH_BYTES, maxBatchDelay);
    }
}
