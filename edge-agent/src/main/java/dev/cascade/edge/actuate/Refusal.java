package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.AckStatus;

/**
 * What the executor did with one command: executed (status {@code EXECUTED}, rule empty) or refused by a rule.
 *
 * @param status the acknowledgement's status
 * @param rule the interlock or check that decided it ("" when executed)
 * @param detail one line for a human
 */
public record Refusal(AckStatus status, String rule, String detail) {
    public static final String AUTHORITY = "authority";
    public static final String OUTPUT_KIND = "output_kind";
    public static final String EXPIRED = "expired";
    public static final String DUPLICATE = "duplicate";
    public static final String RESUME_BY_OPERATOR = "resume_by_operator";
    public static final String MIN_START_STOP_INTERVAL = "min_start_stop_interval";
    public static final String MAX_OPEN_TIME = "max_open_time";
    public static final String FAIL_SAFE = "fail_safe";
    public static final String OUTPUT_FAILED = "output_failed";

    public Refusal {
        if (status == null || rule == null || detail == null) {
            throw new IllegalArgumentException("status, rule and detail must not be null");
        }
    }

    static Refusal executed(String detail) {
        return new Refusal(AckStatus.EXECUTED, "", detail);
    }

    public boolean executed() {
        return status == AckStatus.EXECUTED;
    }
}
