package dev.cascade.edge.decide;

/** What the edge does with one scored window. */
public enum Decision {
    /** Confidently nothing to do: decided at the edge. */
    NORMAL,
    /** Confidently needs action: the edge acts and escalates for confirmation. */
    ACT,
    /** Not sure: escalate to the cloud. */
    UNCERTAIN
}
