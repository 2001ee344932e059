package dev.cascade.dashboard.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks logins against the configured users, slowed by a {@link LoginThrottle}, and opens {@link Sessions}.
 * Every failure is counted ({@code cascade.dashboard.logins{outcome=...}}) and logged with user and address,
 * never with the password. Thread-safe.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final Map<String, UserAccount> users;
    /** Checked against when the user is unknown (as many iterations as the first user's), so both answers take as long. */
    private final PasswordHash dummy;
    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final Counter accepted;
    private final Counter refused;
    private final Counter throttled;

    public Authenticator(List<UserAccount> users, LoginThrottle throttle, Sessions sessions, MeterRegistry registry) {
        if (users == null || users.isEmpty()) {
            throw new IllegalArgumentException("users must not be empty, was " + users);
        }
        this.dummy = PasswordHash.of(Sessions.random(), users.get(0).password().iterations());
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(UserAccount::name, Function.identity()));
        this.throttle = throttle;
        this.sessions = sessions;
        this.accepted = counter(registry, "accepted");
        this.refused = counter(registry, "refused");
        this.throttled = counter(registry, "throttled");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("cascade.dashboard.logins").tag("outcome", outcome)
                .description("dashboard login attempts by outcome").register(registry);
    }

    /** Tries {@code user} / {@code password} from {@code address}. */
    public LoginResult login(String user, String password, String address) {
        String name = user == null ? "" : user.strip();
        String shownName = name.matches("[A-Za-z0-9._@-]{1,64}") ? name : "(invalid name)";
        Optional<Duration> wait = throttle.waitFor(name, address);
        if (wait.isPresent()) {
            throttled.increment();
            boolean locked = throttle.lockedOut(name, address);
            log.warn("dashboard login throttled: user {} from {} ({} for {} s)", shownName, address,
                    locked ? "locked out" : "delayed", Math.max(1, wait.get().toSeconds()));
            return new LoginResult.Throttled(wait.get(), locked);
        }
        UserAccount account = users.get(name);
        boolean ok = account == null ? dummy.matches(password) && false : account.password().matches(password);
        if (!ok) {
            int inARow = throttle.failed(name, address);
            refused.increment();
            log.warn("dashboard login refused: user {} from {} ({} failure(s) in a row{})", shownName, address, inARow,
                    account == null ? ", unknown user" : "");
            return new LoginResult.Refused();
        }
        throttle.succeeded(name, address);
        accepted.increment();
        Session s = sessions.open(account.name(), account.role());
        log.info("dashboard login: user {} ({}) from {}", account.name(), account.role(), address);
        return new LoginResult.Accepted(s);
    }

    public Sessions sessions() {
        return sessions;
    }
}
