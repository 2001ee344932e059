package dev.cascade.actuators.interlock;

/** The checks and interlocks that may refuse a command, each with the name it carries in {@code CommandAck.rule}. */
public enum Rule {
    /** The device matches no configured device kind. */
    UNKNOWN_DEVICE("unknown_device"),
    /** The device's kind does not take this command type. */
    UNSUPPORTED_COMMAND("unsupported_command"),
    /** A resume that was not asked for by a named operator (only an operator lifts a safety stop). */
    RESUME_REQUIRES_OPERATOR("resume_requires_operator"),
    /** The device is locked out by an operator. */
    LOCKED_OUT("locked_out"),
    /** An open longer than the kind's maximum open time. */
    MAX_OPEN_TIME("max_open_time"),
    /** A start (open, resume) too soon after the device's last stop (close, stop). */
    MIN_INTERVAL("min_interval"),
    /** More commands for the device in a minute than its kind allows. */
    RATE_LIMIT("rate_limit"),
    /** Withdrawn: a later, opposite command for the same device arrived before it was acknowledged (the later wins). */
    CONFLICTING_COMMAND("conflicting_command"),
    /** Not signed by a trusted key (refused by the device). */
    SIGNATURE("signature");

    private final String wireName;

    Rule(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code CommandAck.rule} and in the {@code rule} tag of the refusal counter. */
    public String wireName() {
        return wireName;
    }
}
