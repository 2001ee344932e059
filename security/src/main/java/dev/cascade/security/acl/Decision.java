package dev.cascade.security.acl;

/**
 * The answer of the {@link AclModel}: allowed or refused, with the reason a log line and a test can read.
 *
 * @param allowed whether the action may go ahead
 * @param reason why (for a refusal: which rule refused)
 */
public record Decision(boolean allowed, String reason) {
    static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    static Decision refuse(String reason) {
        return new Decision(false, reason);
    }
}
