package dev.cascade.bench.processes;

import java.nio.file.Path;
import java.util.Map;

/**
 * One role to start as its own JVM: {@code cascade <role> --config <config>} with {@code env} (the
 * {@code CASCADE_<ROLE>_<KEY>} overrides: brokers, namespace, instance, ports) and its ops port.
 *
 * @param role {@code edge}, {@code ingest}, {@code infer}, {@code actuate} or {@code dashboard}
 * @param config the role's YAML file (the module's example)
 * @param env environment added to the child's
 * @param opsPort the port of its /health and /metrics (the same as in {@code env})
 */
public record RoleSpec(String role, Path config, Map<String, String> env, int opsPort) {
    public RoleSpec {
        if (role == null || !role.matches("[a-z]+")) {
            throw new IllegalArgumentException("role must be a lower-case word, was " + role);
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (opsPort < 1 || opsPort > 65535) {
            throw new IllegalArgumentException("opsPort must be in [1, 65535], was " + opsPort);
        }
        env = Map.copyOf(env);
    }
}
