package dev.cascade.dashboard.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per user name and per client address, and until when each must wait ({@link LoginPolicy}).
 * Refuses early instead of sleeping, so a flood of wrong passwords holds no threads. Thread-safe.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant notBefore) {}

    private final Clock clock;
    private final LoginPolicy policy;
    private final int maxTracked;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, LoginPolicy policy, int maxTracked) {
        this.clock = clock;
        this.policy = policy;
        this.maxTracked = maxTracked;
    }

    /** How long this user and address must still wait before trying again; empty when they may try now. */
    public Optional<Duration> waitFor(String user, String address) {
        Instant now = clock.instant();
        Instant until = later(notBefore(userKey(user)), notBefore(addressKey(address)));
        return until != null && now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Records a failure; returns the failures in a row now counted for the user. */
    public int failed(String user, String address) {
        if (byKey.size() >= maxTracked) {
            Instant now = clock.instant();
            byKey.values().removeIf(f -> f.notBefore().isBefore(now.minus(policy.lockout())));
        }
        int u = bump(userKey(user));
        bump(addressKey(address));
        return u;
    }

    /** Whether this user or address is locked out (rather than only delayed). */
    public boolean lockedOut(String user, String address) {
        Failures u = byKey.get(userKey(user));
        Failures a = byKey.get(addressKey(address));
        return (u != null && u.count() >= policy.lockoutAfter() && clock.instant().isBefore(u.notBefore()))
                || (a != null && a.count() >= policy.lockoutAfter() && clock.instant().isBefore(a.notBefore()));
    }

    /** A successful login clears the user's and the address's failures. */
    public void succeeded(String user, String address) {
        byKey.remove(userKey(user));
        byKey.remove(addressKey(address));
    }

    private int bump(String key) {
        Instant now = clock.instant();
        Failures f = byKey.compute(key, (k, old) -> {
            int n = old == null ? 1 : old.count() + 1;
            return new Failures(n, now.plus(policy.delayAfter(n)));
        });
        return f.count();
    }

    private Instant notBefore(String key) {
        Failures f = byKey.get(key);
        return f == null ? null : f.notBefore();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String userKey(String user) {
        return "u:" + (user == null ? "" : user);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
