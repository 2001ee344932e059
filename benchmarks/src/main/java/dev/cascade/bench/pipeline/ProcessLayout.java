package dev.cascade.bench.pipeline;

import dev.cascade.bench.processes.RoleLauncher;

/**
 * The multi-process layout of {@code cascade bench pipeline --layout processes}: how to start the roles and Kafka as
 * their own JVMs, and whether the dashboard runs too.
 *
 * @param launcher the java command, class path and JVM options of the children
 * @param dashboard also start the dashboard (it reads alerts and results from Kafka; nothing waits for it)
 */
public record ProcessLayout(RoleLauncher launcher, boolean dashboard) {
    public ProcessLayout {
        if (launcher == null) {
            throw new IllegalArgumentException("launcher must not be null");
        }
    }
}
