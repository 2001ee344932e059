package dev.cascade.sim.config;

import dev.cascade.config.ConfigNode;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.tls.PerClientTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the fleet reaches the broker.
 *
 * @param enabled false: no broker, windows are generated and counted only (to measure the generator)
 * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId prefix of the pooled connections' client ids
 * @param connections how many connections the devices share
 * @param qos 0 or 1 for windows and acknowledgements
 * @param maxInflight unacknowledged QoS 1 publishes per connection before senders wait
 * @param username optional user name
 * @param password optional password
 * @param tls mutual TLS from PEM files; {@value PerClientTls#CLIENT_ID} in the certificate and key paths gives each
 *     pooled connection its own certificate (CN {@code clientId-i})
 */
public record MqttConfig(boolean enabled, String serverUri, String clientId, int connections, int qos, int maxInflight,
                         Optional<String> username, Optional<String> password, Optional<PerClientTls> tls) {

    public MqttConfig {
        if (serverUri == null || clientId == null || username == null || password == null || tls == null) {
            throw new IllegalArgumentException("serverUri, clientId, username, password and tls must not be null");
        }
        if (serverUri.startsWith("ssl://") && tls.isEmpty()) {
            throw new IllegalArgumentException("tls must be set for an ssl:// serverUri, was (none)");
        }
    }

    /** Without TLS. */
    public MqttConfig(boolean enabled, String serverUri, String clientId, int connections, int qos, int maxInflight,
                      Optional<String> username, Optional<String> password) {
        this(enabled, serverUri, clientId, connections, qos, maxInflight, username, password, Optional.empty());
    }

    static MqttConfig read(ConfigNode n, Path base) {
        boolean enabled = n.bool("enabled", true, "false: no broker; windows are generated and counted only");
        String uri = n.text("serverUri", "tcp://127.0.0.1:1883", "(tcp|ssl)://[^/]+:\\d{1,5}",
                "broker address (ssl:// needs tls)");
        String clientId = n.text("clientId", "cascade-sim", "[A-Za-z0-9._-]{1,100}", "prefix of the pooled connections' client ids");
        int connections = (int) n.integer("connections", 4, 1, 256, "MQTT connections the devices are multiplexed over");
        int qos = (int) n.integer("qos", 1, 0, 1, "QoS of windows and acknowledgements");
        int inflight = (int) n.integer("maxInflight", 1000, 1, 65535,
                "unacknowledged QoS 1 publishes per connection before senders wait");
        Optional<String> username = n.optionalText("username", "user name, if the broker wants one");
        Optional<String> password = n.optionalText("password", "password, if the broker wants one");
        Optional<PerClientTls> tls = Optional.empty();
        Optional<ConfigNode> t = n.optionalObject("tls", "mutual TLS with PEM files (needed for ssl://)");
        if (t.isPresent()) {
            ConfigNode tn = t.get();
            Optional<Path> ca = tn.optionalPath("caFile", "PEM file of the CA certificates to trust (relative: to the file)");
            Optional<Path> cert = tn.optionalPath("certFile", "PEM client certificate chain; " + PerClientTls.CLIENT_ID
                    + " in the path: one certificate per pooled connection, named by its client id (clientId-i)");
            Optional<Path> key = tn.optionalPath("keyFile", "PEM client private key, unencrypted PKCS#8; "
                    + PerClientTls.CLIENT_ID + " as in certFile");
            tn.finish();
            if (!tn.documentingOnly() && tn.present()) {
                if (ca.isEmpty() || cert.isEmpty() || key.isEmpty()) {
                    tn.violation("caFile", "set with certFile and keyFile when tls is given",
                            ca.map(Path::toString).orElse("(none)"));
                } else {
                    tls = tn.build(() -> new PerClientTls(base.resolve(ca.get()).normalize(), base.resolve(cert.get()).normalize().toString(),
                            base.resolve(key.get()).normalize().toString()));
                }
            }
        }
        n.finish();
        Optional<PerClientTls> tlsFiles = tls;
        return n.build(() -> new MqttConfig(enabled, uri, clientId, connections, qos, inflight, username, password, tlsFiles))
                .orElse(new MqttConfig(enabled, "tcp://127.0.0.1:1883", clientId, connections, qos, inflight, username,
                        password));
    }

    /**
     * Settings of the pooled connections (connection i gets client id {@code clientId-i}, and with {@link #tls} the
     * certificate of that client id).
     */
    public MqttSettings settings() {
        return new MqttSettings(serverUri, clientId, true, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(10),
                maxInflight, false, username, password, tls.map(t -> t.forClient(clientId)), tls);
    }

    /** This configuration pointing at another broker. */
    public MqttConfig withServerUri(String uri) {
        return new MqttConfig(enabled, uri, clientId, connections, qos, maxInflight, username, password, tls);
    }
}
