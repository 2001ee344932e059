package dev.cascade.bench.outbox;

/**
 * What one outbox soak measured.
 *
 * @param windows windows the sensors published
 * @param windowsWhileEdgeDown of those, published while the edge process was dead (nobody received them)
 * @param escalationsDecided windows the edge decided to escalate (its ledger, both lives)
 * @param kafkaRecords escalation records on Kafka
 * @param kafkaDistinct distinct correlation ids among them
 * @param missing escalations decided but not on Kafka
 * @param duplicates records beyond the first of each id (harmless: dedupable by correlation id)
 * @param actionsBefore local commands seen with the link up
 * @param actionsOutage local commands seen during the outage
 * @param actionP50MicrosBefore sensor publish to local command received, median, link up (over local MQTT, both ways)
 * @param actionP99MicrosBefore the same, 99th percentile
 * @param actionP50MicrosOutage the same during the outage
 * @param actionP99MicrosOutage the same during the outage
 * @param uplinkBytes bytes sent towards the cloud broker through the link (MQTT framing included)
 * @param everyWindowBytes payload bytes of sending every window as an escalation, for comparison
 * @param drainMillis from the link's return to the last missing escalation reaching Kafka
 * @param tornTailsAfterKill torn records the restarted edge cut off
 * @param heldAfterKill items the restarted edge found in its outbox
 * @param loadBefore the machine's 1-minute load average at start
 * @param loadAfter the same at the end
 * @param actionsAfter local commands seen once the link was back and the outbox drained
 * @param actionP50MicrosAfter sensor publish to local command received, median, after the outage
 * @param actionP99MicrosAfter the same, 99th percentile
 */
public record SoakResult(long windows, long windowsWhileEdgeDown, long escalationsDecided, long kafkaRecords,
                         long kafkaDistinct, long missing, long duplicates, long actionsBefore, long actionsOutage,
                         long actionP50MicrosBefore, long actionP99MicrosBefore, long actionP50MicrosOutage,
                         long actionP99MicrosOutage, long uplinkBytes, long everyWindowBytes, long drainMillis,
                         long tornTailsAfterKill, long heldAfterKill, double loadBefore, double loadAfter,
                         long actionsAfter, long actionP50MicrosAfter, long actionP99MicrosAfter) {
    /** Uplink bytes as a share of sending every window. */
    public double uplinkShare() {
        return everyWindowBytes == 0 ? 0 : (double) uplinkBytes / everyWindowBytes;
    }
}
