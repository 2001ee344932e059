package dev.cascade.transport.mqtt;

import dev.cascade.config.ConfigNode;
import dev.cascade.config.Secret;
import dev.cascade.transport.mqtt.tls.PemTls;
import dev.cascade.transport.mqtt.tls.PerClientTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/** The {@code mqtt:} keys of a role's configuration file, defined once for every role, read into {@link MqttSettings}. */
public final class MqttSection {
    private MqttSection() {}

    /**
     * Reads one broker's section; {@code defaultClientId} is used when the file names none. Returns empty (with the
     * violations recorded) when the settings do not make a connection.
     */
    public static Optional<MqttSettings> read(ConfigNode n, String defaultClientId) {
        String uri = n.text("uri", "tcp://127.0.0.1:1883", "(tcp|ssl)://[^/\\s]+:\\d{1,5}",
                "tcp://host:port or ssl://host:port", "broker address (ssl:// needs tls.ca-file)");
        String clientId = n.text("client-id", defaultClientId, "[A-Za-z0-9._-]{1,128}",
                "1-128 characters of [A-Za-z0-9._-]", "client id (unique per connection)");
        boolean cleanStart = n.bool("clean-start", true, "drop any session the broker kept for this client id");
        Duration expiry = n.duration("session-expiry", Duration.ZERO, Duration.ZERO, Duration.ofDays(365),
                "how long the broker keeps the session while disconnected (0: not at all)");
        Duration keepAlive = n.duration("keep-alive", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(18),
                "ping interval");
        Duration connectTimeout = n.duration("connect-timeout", Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMinutes(10), "how long one connection attempt may take");
        Duration reconnectMin = n.duration("reconnect-min", ReconnectBackoff.DEFAULT.min(), Duration.ofMillis(10),
                Duration.ofMinutes(10), "ceiling of the first reconnect delay (doubled each attempt, full jitter)");
        Duration reconnectMax = n.duration("reconnect-max", ReconnectBackoff.DEFAULT.max(), Duration.ofMillis(10),
                Duration.ofHours(1), "longest reconnect delay ceiling; a connection up this long starts again at reconnect-min");
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            n.violation("reconnect-min", "<= reconnect-max (" + ConfigNode.show(reconnectMax) + ")",
                    ConfigNode.show(reconnectMin));
        }
        int inflight = (int) n.integer("max-inflight", 1000, 1, 65535, "QoS 1 messages in flight in each direction");
        Optional<String> username = n.optionalText("username", "user name, if the broker wants one");
        Optional<Secret> password = n.secret("password", "file holding the password");
        Optional<SSLSocketFactory> tls = Optional.empty();
        Optional<PerClientTls> perClient = Optional.empty();
        boolean tlsBroken = false;
        Optional<ConfigNode> t = n.optionalObject("tls", "TLS with PEM files (needed for ssl://)");
        if (t.isPresent()) {
            ConfigNode tn = t.get();
            Optional<Path> ca = tn.optionalPath("ca-file", "PEM file of the CA certificates to trust");
            Optional<Path> cert = tn.optionalPath("cert-file", "PEM client certificate chain (mutual TLS); "
                    + PerClientTls.CLIENT_ID + " in the path: one certificate per connection, named by its client id");
            Optional<Path> key = tn.optionalPath("key-file", "PEM client private key, unencrypted PKCS#8 (RSA, EC or Ed25519);"
                    + " " + PerClientTls.CLIENT_ID + " as in cert-file");
            tn.finish();
            if (!tn.documentingOnly() && tn.present()) {
                if (ca.isEmpty()) {
                    tn.violation("ca-file", "set when tls is given", "(none)");
                } else if (cert.isPresent() && key.isPresent()
                        && (PerClientTls.perClient(cert.get().toString()) || PerClientTls.perClient(key.get().toString()))) {
                    perClient = tn.build(() -> new PerClientTls(ca.get(), cert.get().toString(), key.get().toString()));
                    tls = perClient.flatMap(p -> tn.build(() -> p.forClient(clientId)));
                } else {
                    tls = tn.build(() -> PemTls.socketFactory(ca.get(), cert, key));
                }
                tlsBroken = tls.isEmpty();
            }
        }
        n.finish();
        if (tlsBroken) {
            return Optional.empty();
        }
        Optional<SSLSocketFactory> factory = tls;
        Optional<PerClientTls> each = perClient;
        return n.build(() -> new MqttSettings(uri, clientId, cleanStart, expiry, keepAlive, connectTimeout, inflight,
                false, username, password.map(Secret::reveal), factory, each,
                new ReconnectBackoff(reconnectMin, reconnectMax)));
    }
}
