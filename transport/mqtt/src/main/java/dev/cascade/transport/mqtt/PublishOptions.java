package dev.cascade.transport.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * MQTT 5 properties of one publish.
 *
 * @param contentType the payload's MIME type, if set
 * @param messageExpiry how long the broker may hold the message for an offline subscriber, if limited
 * @param userProperties extra key/value pairs (e.g. the correlation id)
 */
public record PublishOptions(Optional<String> contentType, Optional<Duration> messageExpiry,
                             Map<String, String> userProperties) {
    public static final PublishOptions NONE = new PublishOptions(Optional.empty(), Optional.empty(), Map.of());

    public PublishOptions {
        if (contentType == null || messageExpiry == null) {
            throw new IllegalArgumentException("contentType and messageExpiry must not be null (use Optional.empty())");
        }
        userProperties = Map.copyOf(userProperties == null ? Map.of() : userProperties);
    }

    public static PublishOptions contentType(String mime) {
        return new PublishOptions(Optional.of(mime), Optional.empty(), Map.of());
    }

    public PublishOptions withUserProperty(String key, String value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(userProperties);
        m.put(key, value);
        return new PublishOptions(contentType, messageExpiry, m);
    }

    public PublishOptions withMessageExpiry(Duration expiry) {
        return new PublishOptions(contentType, Optional.of(expiry), userProperties);
    }
}
