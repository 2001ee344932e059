package dev.cascade.sim.transport;

import dev.cascade.sim.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to connect to the MQTT broker.
 *
 * @param serverUri {@code tcp://host:port}
 * @param username optional user name
 * @param password optional password (only with a user name)
 * @param connectTimeout how long to wait for a connection
 * @param keepAlive MQTT keep-alive interval
 */
public record MqttEndpoint(String serverUri, Optional<String> username, Optional<String> password,
                           Duration connectTimeout, Duration keepAlive) {
    public MqttEndpoint {
        Checks.check(serverUri != null && serverUri.matches("tcp://[^:/]+:\\d{1,5}"), "mqtt.serverUri",
                "tcp://host:port", serverUri);
        Checks.notNull(username, "mqtt.username");
        Checks.notNull(password, "mqtt.password");
        Checks.check(password.isEmpty() || username.isPresent(), "mqtt.password", "set only with a username", "set");
        Checks.check(connectTimeout != null && connectTimeout.toSeconds() >= 1, "mqtt.connectTimeout", ">= PT1S", connectTimeout);
        Checks.check(keepAlive != null && keepAlive.toSeconds() >= 1, "mqtt.keepAlive", ">= PT1S", keepAlive);
    }

    /** An anonymous broker on 127.0.0.1:{@code port}. */
    public static MqttEndpoint local(int port) {
        return new MqttEndpoint("tcp://127.0.0.1:" + port, Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }
}
