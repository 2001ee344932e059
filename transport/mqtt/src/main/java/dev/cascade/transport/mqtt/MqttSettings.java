package dev.cascade.transport.mqtt;

import dev.cascade.transport.mqtt.tls.PerClientTls;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach an MQTT 5 broker.
 *
 * @param serverUri {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId unique per connection (1-128 characters of [A-Za-z0-9._-])
 * @param cleanStart whether to drop any session the broker kept for this client id
 * @param sessionExpiry how long the broker keeps the session (subscriptions, queued QoS 1 messages) while disconnected
 * @param keepAlive ping interval
 * @param connectTimeout how long one connection attempt may take
 * @param maxInflight QoS 1/2 messages in flight in each direction: publishes awaiting acknowledgement before
 *     {@code publish} waits, and received messages not yet acknowledged before the broker waits (receive maximum)
 * @param manualAcks whether received QoS 1 messages are acknowledged only when the handler says so
 * @param username optional user name
 * @param password optional password
 * @param tls the socket factory for {@code ssl://} URIs (carries the client certificate), if any
 * @param tlsPerClient when each connection presents its own certificate: {@link #withClientId} builds {@code tls} anew
 *     from it for the new client id
 * @param reconnect how a lost connection is retried (backoff with full jitter)
 */
public record MqttSettings(String serverUri, String clientId, boolean cleanStart, Duration sessionExpiry,
                           Duration keepAlive, Duration connectTimeout, int maxInflight, boolean manualAcks,
                           Optional<String> username, Optional<String> password, Optional<SSLSocketFactory> tls,
                           Optional<PerClientTls> tlsPerClient, ReconnectBackoff reconnect) {
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public MqttSettings {
        if (serverUri == null || !(serverUri.startsWith("tcp://") || serverUri.startsWith("ssl://"))) {
            throw new IllegalArgumentException("serverUri must start with tcp:// or ssl://, was " + serverUri);
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("clientId must be 1-128 characters of [A-Za-z0-9._-], was " + clientId);
        }
        requirePositive(sessionExpiry, "sessionExpiry", true);
        requirePositive(keepAlive, "keepAlive", false);
        requirePositive(connectTimeout, "connectTimeout", false);
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("maxInflight must be in [1, 65535], was " + maxInflight);
        }
        if (username == null || password == null || tls == null || tlsPerClient == null) {
            throw new IllegalArgumentException("username, password, tls and tlsPerClient must not be null (use Optional.empty())");
        }
        if (serverUri.startsWith("ssl://") && tls.isEmpty()) {
            throw new IllegalArgumentException("tls must be set for an ssl:// serverUri, was empty");
        }
        if (reconnect == null) {
            throw new IllegalArgumentException("reconnect must not be null (use ReconnectBackoff.DEFAULT)");
        }
    }

    /** The same connection with the default reconnect backoff (1 s doubling to 30 s, full jitter). */
    public MqttSettings(String serverUri, String clientId, boolean cleanStart, Duration sessionExpiry, Duration keepAlive,
                        Duration connectTimeout, int maxInflight, boolean manualAcks, Optional<String> username,
                        Optional<String> password, Optional<SSLSocketFactory> tls, Optional<PerClientTls> tlsPerClient) {
        this(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight, manualAcks, username,
                password, tls, tlsPerClient, ReconnectBackoff.DEFAULT);
    }

    /** The same connection without a per-client certificate. */
    public MqttSettings(String serverUri, String clientId, boolean cleanStart, Duration sessionExpiry, Duration keepAlive,
                        Duration connectTimeout, int maxInflight, boolean manualAcks, Optional<String> username,
                        Optional<String> password, Optional<SSLSocketFactory> tls) {
        this(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight, manualAcks, username,
                password, tls, Optional.empty());
    }

    private static void requirePositive(Duration d, String field, boolean zeroOk) {
        if (d == null || d.isNegative() || (!zeroOk && d.isZero())) {
            throw new IllegalArgumentException(field + " must be " + (zeroOk ? ">= 0" : "> 0") + ", was " + d);
        }
    }

    /** Clean start, no session kept, 30 s keep-alive, 10 s connect timeout, 1000 in flight, automatic acks. */
    public static MqttSettings of(String serverUri, String clientId) {
        return new MqttSettings(serverUri, clientId, true, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(10),
                1000, false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A persistent session kept for {@code expiry}: the broker queues QoS 1 messages while this client is away. */
    public MqttSettings withPersistentSession(Duration expiry) {
        return new MqttSettings(serverUri, clientId, false, expiry, keepAlive, connectTimeout, maxInflight, manualAcks,
                username, password, tls, tlsPerClient, reconnect);
    }

    /** Received QoS 1 messages are acknowledged to the broker only when the handler calls {@code Delivery.ack()}. */
    public MqttSettings withManualAcks() {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight,
                true, username, password, tls, tlsPerClient, reconnect);
    }

    public MqttSettings withMaxInflight(int n) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, n, manualAcks,
                username, password, tls, tlsPerClient, reconnect);
    }

    /** Another connection of the same client: with {@link #tlsPerClient}, it presents {@code id}'s own certificate. */
    public MqttSettings withClientId(String id) {
        Optional<SSLSocketFactory> t = tlsPerClient.isPresent() ? Optional.of(tlsPerClient.get().forClient(id)) : tls;
        return new MqttSettings(serverUri, id, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight,
                manualAcks, username, password, t, tlsPerClient, reconnect);
    }

    /** Logs in as {@code user} with {@code password}. */
    public MqttSettings withCredentials(String user, String password) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight,
                manualAcks, Optional.of(user), Optional.of(password), tls, tlsPerClient, reconnect);
    }

    public MqttSettings withTls(SSLSocketFactory factory) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight,
                manualAcks, username, password, Optional.of(factory), Optional.empty(), reconnect);
    }

    /** Retries a lost connection with {@code backoff}. */
    public MqttSettings withReconnect(ReconnectBackoff backoff) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpiry, keepAlive, connectTimeout, maxInflight,
                manualAcks, username, password, tls, tlsPerClient, backoff);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", cleanStart=" + cleanStart
                + ", sessionExpiry=" + sessionExpiry + ", keepAlive=" + keepAlive + ", connectTimeout=" + connectTimeout
                + ", maxInflight=" + maxInflight + ", manualAcks=" + manualAcks + ", username=" + username.orElse("(none)")
                + ", password=" + (password.isPresent() ? "******" : "(none)") + ", tls=" + tls.isPresent()
                + tlsPerClient.map(p -> " (per client: " + p.certFile() + ")").orElse("") + ", reconnect=" + reconnect.min()
                + ".." + reconnect.max() + "]";
    }
}
