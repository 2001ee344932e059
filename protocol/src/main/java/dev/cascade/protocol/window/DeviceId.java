package dev.cascade.protocol.window;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.internal.Ids;

/**
 * A device's identity: 1 to 64 characters from {@code [A-Za-z0-9._-]}, so that it can stand in an MQTT
 * topic level and a Kafka key without escaping.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {
    public DeviceId {
        if (!Ids.isDeviceId(value)) {
            throw new IllegalArgumentException(
                    "deviceId must be 1-64 characters of [A-Za-z0-9._-], was "
                            + (value == null ? "null" : '"' + value + '"'));
        }
    }

    @JsonCreator
    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
