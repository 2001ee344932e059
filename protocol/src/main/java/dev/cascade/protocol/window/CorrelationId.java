package dev.cascade.protocol.window;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.internal.Ids;

/**
 * The id that follows one window from the sensor through the edge, Kafka and the cloud to the command
 * and its acknowledgement: 8 to 64 characters of {@code [A-Za-z0-9_-]}.
 */
public record CorrelationId(String value) {
    public CorrelationId {
        Ids.requireOpaque(value, "correlationId");
    }

    @JsonCreator
    public static CorrelationId of(String value) {
        return new CorrelationId(value);
    }

    /** A new random id (128 bits, 32 hex digits). */
    public static CorrelationId random() {
        return new CorrelationId(Ids.randomHex128());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
