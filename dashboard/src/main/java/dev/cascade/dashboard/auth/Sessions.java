package dev.cascade.dashboard.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The dashboard's live sessions, each ending {@code ttl} after login. Thread-safe. */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration ttl;
    private final int maxSessions;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Duration ttl, int maxSessions) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1, was " + maxSessions);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.maxSessions = maxSessions;
    }

    /** A new session for {@code user}; the oldest-expiring one is dropped when there are too many. */
    public Session open(String user, Role role) {
        purgeExpired();
        while (byId.size() >= maxSessions) {
            byId.values().stream().min((a, b) -> a.expiresAt().compareTo(b.expiresAt()))
                    .ifPresent(s -> byId.remove(s.id()));
        }
        Session s = new Session(random(), random(), user, role, clock.instant().plus(ttl));
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this cookie value; an expired one is forgotten. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Whether {@code token} is this session's synchronizer token (constant-time comparison). */
    public static boolean csrfMatches(Session s, String token) {
        return token != null && MessageDigest.isEqual(s.csrfToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Ends a session (logout). */
    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Live sessions. */
    public int size() {
        purgeExpired();
        return byId.size();
    }

    /** The session lifetime. */
    public Duration ttl() {
        return ttl;
    }

    private void purgeExpired() {
        var now = clock.instant();
        byId.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    /** 128 random bits as hex. */
    public static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
