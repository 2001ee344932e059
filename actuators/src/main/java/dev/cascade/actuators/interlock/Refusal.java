package dev.cascade.actuators.interlock;

import dev.cascade.protocol.command.AckStatus;

/**
 * Why a command is not sent: the status it is acknowledged with, the rule and a detail.
 *
 * @param status {@code INTERLOCKED}, {@code REJECTED} or {@code UNSUPPORTED}
 * @param rule the rule that refused it
 * @param detail what was wrong, in words
 */
public record Refusal(AckStatus status, Rule rule, String detail) {
    public Refusal {
        if (status == null || status.success()) {
            throw new IllegalArgumentException("status must be a failure status, was " + status);
        }
        if (rule == null) {
            throw new IllegalArgumentException("rule must not be null");
        }
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("detail must not be blank, was " + detail);
        }
    }
}
