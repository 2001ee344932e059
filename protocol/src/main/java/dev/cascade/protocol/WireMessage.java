package dev.cascade.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message that travels over MQTT or Kafka. Its encoded form starts with {@code "v"}, the schema's
 * major version: a decoder rejects a major version it does not know and ignores fields it does not
 * know (additions within a major version are compatible).
 */
public interface WireMessage {
    /** The schema major version every message of this release writes. */
    int SCHEMA_VERSION = 1;

    @JsonProperty(value = "v", index = 0)
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
