package dev.cascade.bench.fuzz;

import dev.cascade.protocol.window.CorrelationId;
import java.util.Optional;

/**
 * One generated payload and the device of the topic it is published on.
 *
 * @param category how it was made
 * @param topicDevice the device level of its MQTT topic
 * @param bytes the payload
 * @param correlationId for {@link Category#VALID}: the window's id, to check that it was decided
 */
public record FuzzPayload(Category category, String topicDevice, byte[] bytes, Optional<CorrelationId> correlationId) {
    public FuzzPayload {
        if (category == null || topicDevice == null || bytes == null || correlationId == null) {
            throw new IllegalArgumentException("category, topicDevice, bytes and correlationId must not be null");
        }
    }
}
