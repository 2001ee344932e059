package dev.cascade.protocol.escalation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** Why the edge sent a window to the cloud instead of deciding it alone. */
public enum EscalationReason implements WireEnum {
    /** The edge model's score fell in the band where it is not sure. */
    UNCERTAIN(1, "uncertain"),
    /** The edge model is sure it saw an anomaly and acted locally; the cloud confirms and alerts. */
    ACTED_LOCALLY(2, "acted_locally"),
    /** A sample of confidently-decided windows, so the cloud can watch the edge model drift. */
    AUDIT_SAMPLE(3, "audit_sample"),
    /** The edge has no usable model for this kind of window. */
    NO_MODEL(4, "no_model"),
    /** Sent in a scheduled batch when uplink bandwidth is dear. */
    BATCH(5, "batch"),
    /** The edge model is sure action is needed, but the edge may not act alone: the cloud decides. */
    ACTION_NEEDED(6, "action_needed"),
    /** The window's features lie outside the data the edge model was trained on: its score means little. */
    OUT_OF_DISTRIBUTION(7, "out_of_distribution");

    private final int id;
    private final String displayName;

    EscalationReason(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    @JsonValue
    @Override
    public int id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @JsonCreator
    public static EscalationReason fromId(int id) {
        return WireEnum.byId(EscalationReason.class, id, "reason");
    }
}
