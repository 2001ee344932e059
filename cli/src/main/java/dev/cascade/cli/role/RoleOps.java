package dev.cascade.cli.role;

import dev.cascade.ops.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What a starting role registers its meters and health checks with; the runner serves both on the role's
 * {@code ops} port from before the brokers are reached (not ready) until after the role has closed.
 */
record RoleOps(PrometheusMeterRegistry registry, Health health) {
    RoleOps {
        if (registry == null || health == null) {
            throw new IllegalArgumentException("registry and health must not be null");
        }
    }
}
