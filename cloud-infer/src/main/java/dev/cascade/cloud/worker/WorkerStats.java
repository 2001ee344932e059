package dev.cascade.cloud.worker;

import dev.cascade.protocol.codec.RejectReason;
import java.util.Map;

/**
 * What the inference workers have done.
 *
 * @param escalations escalations read from Kafka
 * @param inferred windows scored by a cloud model
 * @param batches model calls
 * @param commands commands issued
 * @param alerts alerts raised
 * @param heldBack positive verdicts whose command and alert were held back (same device and verdict within the cooldown)
 * @param unconfirmed anomalous windows not (yet) confirmed by enough others of the same machine
 * @param duplicates escalations skipped because their window was already scored
 * @param deadLettered escalations refused (undecodable, no model, wrong shape)
 * @param inferP50Micros median time of one batched model call (features + inference), microseconds
 * @param inferP99Micros 99th percentile of the same
 * @param deadLetteredByReason escalations this role refused, by reason (every reason present)
 * @param workerRestarts times a worker failed and was restarted by the role's supervisor
 */
public record WorkerStats(long escalations, long inferred, long batches, long commands, long alerts, long heldBack,
                          long unconfirmed, long duplicates,
                          long deadLettered, long inferP50Micros, long inferP99Micros,
                          Map<RejectReason, Long> deadLetteredByReason, long workerRestarts) {
    public WorkerStats {
        deadLetteredByReason = Map.copyOf(deadLetteredByReason);
    }

    /** Mean windows per model call. */
    public double meanBatch() {
        return batches == 0 ? 0 : (double) inferred / batches;
    }
}
