package dev.cascade.sim.config;

import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.config.ConfigNode;
import java.time.Duration;
import java.util.Optional;

/**
 * How the fleet reaches the broker.
 *
 * @param enabled false: no broker, windows are generated and counted only (to measure the generator)
 * @param serverUri {@code tcp://host:port}
 * @param clientId prefix of the pooled connections' client ids
 * @param connections how many connections the devices share
 * @param qos 0 or 1 for windows and acknowledgements
 * @param maxInflight unacknowledged QoS 1 publishes per connection before senders wait
 * @param username optional user name
 * @param password optional password
 */
public record MqttConfig(boolean enabled, String serverUri, String clientId, int connections, int qos, int maxInflight,
                         Optional<String> username, Optional<String> password) {

    static MqttConfig read(ConfigNode n) {
        MqttConfig c = new MqttConfig(
                n.bool("enabled", true, "false: no broker; windows are generated and counted only"),
                n.text("serverUri", "tcp://127.0.0.1:1883", "(tcp|ssl)://[^/]+:\\d{1,5}", "broker address"),
                n.text("clientId", "cascade-sim", "[A-Za-z0-9._-]{1,100}", "prefix of the pooled connections' client ids"),
                (int) n.integer("connections", 4, 1, 256, "MQTT connections the devices are multiplexed over"),
                (int) n.integer("qos", 1, 0, 1, "QoS of windows and acknowledgements"),
                (int) n.integer("maxInflight", 1000, 1, 65535, "unacknowledged QoS 1 publishes per connection before senders wait"),
                n.optionalText("username", "user name, if the broker wants one"),
                n.optionalText("password", "password, if the broker wants one"));
        n.finish();
        return c;
    }

    /** Settings of the pooled connections (connection i gets client id {@code clientId-i}). */
    public MqttSettings settings() {
        MqttSettings s = new MqttSettings(serverUri, clientId, true, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), maxInflight, false, username, password, Optional.empty());
        return s;
    }

    /** This configuration pointing at another broker. */
    public MqttConfig withServerUri(String uri) {
        return new MqttConfig(enabled, uri, clientId, connections, qos, maxInflight, username, password);
    }
}
