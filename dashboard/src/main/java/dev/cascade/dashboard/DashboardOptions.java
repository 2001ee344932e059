package dev.cascade.dashboard;

import dev.cascade.dashboard.auth.LoginPolicy;
import dev.cascade.dashboard.auth.PasswordHash;
import dev.cascade.dashboard.auth.Role;
import dev.cascade.dashboard.auth.UserAccount;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the operators' dashboard listens, who may log in, and how much it shows.
 *
 * @param bindAddress interface to listen on (127.0.0.1 keeps it on this machine)
 * @param port TCP port; 0 picks a free one
 * @param users the logins, each with its role and password hash (names unique, at least one)
 * @param sessionTtl how long a login lasts
 * @param secureCookies whether cookies carry {@code Secure} (set when served over TLS, also behind a TLS proxy)
 * @param loginPolicy how failed logins are slowed and locked out
 * @param offlineAfter a device not heard of for this long is shown offline
 * @param chartPoints points kept per device chart
 * @param backfill records read back per partition at start (alarms are always read whole)
 */
public record DashboardOptions(String bindAddress, int port, List<UserAccount> users, Duration sessionTtl,
                               boolean secureCookies, LoginPolicy loginPolicy, Duration offlineAfter, int chartPoints,
                               int backfill) {
    public DashboardOptions {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank, was " + bindAddress);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (users == null || users.isEmpty()) {
            throw new IllegalArgumentException("users must hold at least one login, was " + users);
        }
        Set<String> names = new HashSet<>();
        for (UserAccount u : users) {
            if (!names.add(u.name())) {
                throw new IllegalArgumentException("users must have unique names, was " + u.name() + " twice");
            }
        }
        users = List.copyOf(users);
        if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("sessionTtl must be > 0, was " + sessionTtl);
        }
        if (loginPolicy == null) {
            throw new IllegalArgumentException("loginPolicy must not be null, was null");
        }
        if (offlineAfter == null || offlineAfter.isNegative() || offlineAfter.isZero()) {
            throw new IllegalArgumentException("offlineAfter must be > 0, was " + offlineAfter);
        }
        if (chartPoints < 2 || chartPoints > 10_000) {
            throw new IllegalArgumentException("chartPoints must be in [2, 10000], was " + chartPoints);
        }
        if (backfill < 0) {
            throw new IllegalArgumentException("backfill must be >= 0, was " + backfill);
        }
    }

    /** One operator login with a plain password (hashed here), defaults for the rest (the demo's dashboard). */
    public DashboardOptions(String bindAddress, int port, String user, String password) {
        this(bindAddress, port, List.of(new UserAccount(user, Role.OPERATOR,
                        PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS))), Duration.ofHours(8), false,
                LoginPolicy.DEFAULT, Duration.ofSeconds(60), 120, 500);
    }

    /** The same with other users. */
    public DashboardOptions withUsers(List<UserAccount> other) {
        return new DashboardOptions(bindAddress, port, other, sessionTtl, secureCookies, loginPolicy, offlineAfter,
                chartPoints, backfill);
    }

    /** The same with another login policy. */
    public DashboardOptions withLoginPolicy(LoginPolicy other) {
        return new DashboardOptions(bindAddress, port, users, sessionTtl, secureCookies, other, offlineAfter,
                chartPoints, backfill);
    }

    /** The same with another session lifetime. */
    public DashboardOptions withSessionTtl(Duration other) {
        return new DashboardOptions(bindAddress, port, users, other, secureCookies, loginPolicy, offlineAfter,
                chartPoints, backfill);
    }
}
