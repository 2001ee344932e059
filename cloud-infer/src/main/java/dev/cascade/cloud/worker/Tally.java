package dev.cascade.cloud.worker;

import dev.cascade.protocol.codec.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one transaction did, counted only once Kafka committed it (an aborted transaction is retried, and would
 * otherwise be counted twice), with the undo steps of the worker state it changed. Not thread-safe.
 */
final class Tally {
    long escalations;
    long inferred;
    long commands;
    long alerts;
    long duplicates;
    long held;
    long unconfirmed;
    long isolated;
    long routedCpu;
    long routedGpu;

    void routed(String path, int windows) {
        if ("gpu".equals(path)) {
            routedGpu += windows;
        } else {
            routedCpu += windows;
        }
    }
    final Map<RejectReason, Long> refused = new EnumMap<>(RejectReason.class);
    final List<BatchDone> batchesDone = new ArrayList<>();
    /** The results the transaction sent, each with when its window was polled and when the broker acknowledged it. */
    final List<ResultAck> results = new ArrayList<>();
    private final List<Runnable> undo = new ArrayList<>();
    private long[] polled = new long[64];
    private int polledCount;

    /** A scored window was taken from a poll at {@code nanos}. */
    void polled(long nanos) {
        if (polledCount == polled.length) {
            polled = java.util.Arrays.copyOf(polled, polled.length * 2);
        }
        polled[polledCount++] = nanos;
    }

    /** When each scored window of the transaction was polled. */
    long[] polledNanos() {
        return java.util.Arrays.copyOf(polled, polledCount);
    }

    /** A result in flight: its window's poll time, and the broker's acknowledgement time once the send completed. */
    static final class ResultAck implements org.apache.kafka.clients.producer.Callback {
        final long polledNanos;
        volatile long ackedNanos;

        ResultAck(long polledNanos) {
            this.polledNanos = polledNanos;
        }

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception failure) {
            if (failure == null) {
                ackedNanos = System.nanoTime();
            }
        }
    }

    /** A scored batch, for the observer and the cost figures. */
    record BatchDone(dev.cascade.protocol.window.SensorKind kind, int size, long waitedNanos, long callNanos) {}

    void refuse(RejectReason reason) {
        refused.merge(reason, 1L, Long::sum);
    }

    /** Records how to take back a change of worker state if the transaction aborts. */
    void onAbort(Runnable step) {
        undo.add(step);
    }

    boolean isEmpty() {
        return escalations == 0 && refused.isEmpty() && batchesDone.isEmpty();
    }

    /** Takes back the state changes, newest first, and forgets the counts. */
    void abort() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        clear();
    }

    void clear() {
        escalations = inferred = commands = alerts = duplicates = held = unconfirmed = isolated = routedCpu = routedGpu = 0;
        refused.clear();
        results.clear();
        batchesDone.clear();
        undo.clear();
        polledCount = 0;
    }
}
