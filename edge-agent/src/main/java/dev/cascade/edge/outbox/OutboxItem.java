package dev.cascade.edge.outbox;

/**
 * One item read back from the outbox, to send; acknowledge it with {@link Outbox#done} once the broker has it.
 *
 * @param seq its position in its lane (increasing)
 * @param itemClass what it is
 * @param kind a grouping the sender batches by (the sensor kind's wire id; 0 for none)
 * @param id its stable id (an escalation's correlation id): the same on every resend, for dedupe downstream
 * @param appendedAtMicros when it was appended (epoch microseconds, the outbox's clock)
 * @param payload the bytes to send, as appended (not copied: do not modify)
 * @param storedBytes the bytes it takes in the outbox (header included)
 */
public record OutboxItem(long seq, ItemClass itemClass, int kind, String id, long appendedAtMicros, byte[] payload,
                         int storedBytes) {
    public OutboxItem {
        if (itemClass == null || id == null || payload == null) {
            throw new IllegalArgumentException("itemClass, id and payload must not be null");
        }
    }
}
