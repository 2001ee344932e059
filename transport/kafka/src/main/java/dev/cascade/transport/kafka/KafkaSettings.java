package dev.cascade.transport.kafka;

import dev.cascade.config.ConfigNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientId prefix of the client ids this process uses (shows up in broker logs and metrics)
 * @param overrides extra client properties, applied last (e.g. security settings)
 */
public record KafkaSettings(String bootstrapServers, String clientId, Map<String, String> overrides) {
    public KafkaSettings {
        if (bootstrapServers == null || !bootstrapServers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("bootstrapServers must be host:port[,host:port...], was " + bootstrapServers);
        }
        if (clientId == null || !clientId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("clientId must be 1-100 characters of [A-Za-z0-9._-], was " + clientId);
        }
        overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
    }

    public static KafkaSettings of(String bootstrapServers, String clientId) {
        return new KafkaSettings(bootstrapServers, clientId, Map.of());
    }

    /** The same broker and overrides under another client id prefix. */
    public KafkaSettings withClientId(String id) {
        return new KafkaSettings(bootstrapServers, id, overrides);
    }

    /** These settings with {@code defaults} added under the overrides (an override of the same property wins). */
    public KafkaSettings withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new java.util.HashMap<>(defaults);
        merged.putAll(overrides);
        return new KafkaSettings(bootstrapServers, clientId, merged);
    }

    /** These settings with {@code more} applied over the overrides (a property in both takes the value of {@code more}). */
    public KafkaSettings withOverrides(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(overrides);
        merged.putAll(more);
        return new KafkaSettings(bootstrapServers, clientId, merged);
    }

    /** With the values of secret-looking overrides (passwords, keys, JAAS) masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        overrides.forEach((k, v) -> shown.put(k, ConfigNode.sensitive(k) ? ConfigNode.MASK : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", clientId=" + clientId + ", overrides=" + shown + "]";
    }
}
