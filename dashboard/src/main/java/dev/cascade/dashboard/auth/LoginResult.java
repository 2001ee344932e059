package dev.cascade.dashboard.auth;

import java.time.Duration;

/** What a login attempt came to. */
public sealed interface LoginResult {
    /** Logged in. */
    record Accepted(Session session) implements LoginResult {}

    /** Wrong name or password (the same answer for both). */
    record Refused() implements LoginResult {}

    /** Too many failures: try again after {@code retryAfter}; {@code lockedOut} when it is a lock-out. */
    record Throttled(Duration retryAfter, boolean lockedOut) implements LoginResult {}
}
