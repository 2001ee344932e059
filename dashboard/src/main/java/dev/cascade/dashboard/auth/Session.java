package dev.cascade.dashboard.auth;

import java.time.Instant;

/**
 * A logged-in browser: the cookie's id, the synchronizer token every POST must carry, who and until when.
 *
 * @param id the session cookie's value (random, 128 bits, hex)
 * @param csrfToken the token state changes must send back (random, 128 bits, hex)
 * @param user the login name
 * @param role what the user may do
 * @param expiresAt when the session ends
 */
public record Session(String id, String csrfToken, String user, Role role, Instant expiresAt) {
    public Session {
        if (id == null || id.length() < 32) {
            throw new IllegalArgumentException("id must be at least 32 characters, was " + (id == null ? null : id.length()));
        }
        if (csrfToken == null || csrfToken.length() < 32) {
            throw new IllegalArgumentException("csrfToken must be at least 32 characters");
        }
        if (user == null || role == null || expiresAt == null) {
            throw new IllegalArgumentException("user, role and expiresAt must not be null, was " + user + ", " + role
                    + ", " + expiresAt);
        }
    }

    @Override
    public String toString() {
        return "Session[user=" + user + ", role=" + role + ", expiresAt=" + expiresAt + "]";
    }
}
