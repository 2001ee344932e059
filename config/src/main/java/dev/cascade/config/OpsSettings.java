package dev.cascade.config;

/**
 * Where a role's health and metrics endpoint listens.
 *
 * @param host interface to bind (127.0.0.1 keeps it on this machine)
 * @param port TCP port; 0 picks a free one
 */
public record OpsSettings(String host, int port) {
    public OpsSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank, was " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
    }

    /** Reads the {@code ops:} section of a role ({@code host}, {@code port}). */
    public static OpsSettings read(ConfigNode n, int defaultPort) {
        String host = n.text("host", "127.0.0.1", "[A-Za-z0-9.:_-]{1,253}", "a host name or IP address",
                "interface the health and metrics endpoint listens on");
        int port = (int) n.integer("port", defaultPort, 0, 65535, "port of the health and metrics endpoint (0: any free one)");
        n.finish();
        return new OpsSettings(host, port);
    }
}
