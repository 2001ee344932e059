package dev.cascade.config;

import java.time.Duration;

/**
 * How a role process starts and stops.
 *
 * @param connectTimeout how long the process retries reaching its brokers at start before it gives up
 * @param shutdownTimeout how long closing may take on SIGTERM before the process exits anyway
 */
public record Lifecycle(Duration connectTimeout, Duration shutdownTimeout) {
    public Lifecycle {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, was " + connectTimeout);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdownTimeout must be > 0, was " + shutdownTimeout);
        }
    }

    /** Reads {@code startup.connect-timeout} and {@code shutdown.timeout} of a role's section. */
    public static Lifecycle read(ConfigNode role) {
        ConfigNode s = role.object("startup", "how the process starts");
        Duration connect = s.duration("connect-timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1),
                "how long to retry reaching the brokers at start before exiting with status 1");
        s.finish();
        ConfigNode d = role.object("shutdown", "how the process stops");
        Duration shutdown = d.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10),
                "how long stopping may take on SIGTERM (stop intake, drain, commit, close)");
        d.finish();
        return new Lifecycle(connect, shutdown);
    }
}
