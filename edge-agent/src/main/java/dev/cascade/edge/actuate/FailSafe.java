package dev.cascade.edge.actuate;

/** What an output does when the link to the cloud has been lost too long. */
public enum FailSafe {
    /** Go to the safe state: a valve closes, a machine stops. */
    SAFE,
    /** Stay as it is. */
    KEEP;

    /** Valves close, machines keep running (a stop is a production decision, not a safety default). */
    public static FailSafe defaultFor(OutputKind kind) {
        return kind == OutputKind.VALVE ? SAFE : KEEP;
    }
}
