package dev.cascade.edge.outbox;

import java.util.Locale;

/**
 * What an outbox item is, which decides what goes first when the outbox is full: telemetry and audit samples
 * are dropped (oldest first) before anything else, non-fault escalations are refused only as a last resort,
 * fault escalations are never dropped.
 */
public enum ItemClass {
    /** An escalation of a fault: the edge acted (or must be told to act) on a device. Never dropped. */
    FAULT(1, true),
    /** Any other escalation (the edge was unsure, or had no model). Refused only when nothing else can give way. */
    ESCALATION(2, true),
    /** Device telemetry (heartbeats and the like). Dropped, oldest first, to make room. */
    TELEMETRY(3, false),
    /** Audit samples of windows the edge decided alone. Dropped, oldest first, to make room. */
    AUDIT(4, false);

    private final int id;
    private final boolean priority;

    ItemClass(int id, boolean priority) {
        this.id = id;
        this.priority = priority;
    }

    /** The permanent id stored on disk. */
    public int id() {
        return id;
    }

    /** Whether items of this class go in the priority lane (sent first, never dropped to make room). */
    public boolean priority() {
        return priority;
    }

    /** The lower-case name used in metrics, e.g. {@code fault}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class with stored id {@code id}, or null when there is none (a corrupted record). */
    static ItemClass byId(int id) {
        for (ItemClass c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }
}
