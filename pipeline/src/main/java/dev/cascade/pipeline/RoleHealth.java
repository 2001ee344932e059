package dev.cascade.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The health checks of a pipeline's roles, by role name: which role has a dead or stalled worker. Thread-safe. */
public final class RoleHealth {
    private final Map<String, Supplier<List<String>>> checks;

    /** {@code checks}: each role's {@code problems()}, in the order to report them. */
    public RoleHealth(Map<String, Supplier<List<String>>> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    /** One line per problem, {@code "<role>: <problem>"}; empty when every role is healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        checks.forEach((role, check) -> {
            try {
                for (String p : check.get()) {
                    out.add(role + ": " + p);
                }
            } catch (RuntimeException e) {
                out.add(role + ": health check failed: " + e);
            }
        });
        return out;
    }
}
