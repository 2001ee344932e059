package dev.cascade.edge.outbox;

/** What became of one {@link Outbox#append}: only {@link #ACCEPTED} items will be sent. */
public enum Appended {
    /** Written to the outbox (forced to the device when the fsync policy is {@code always}). */
    ACCEPTED,
    /** The outbox is full and the policy refused the item (counted by class). */
    REFUSED_FULL,
    /** Writing failed (a full disk, an I/O error); counted by class, the item is not held. */
    WRITE_FAILED
}
