package dev.cascade.protocol.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** Wire form of time: instants as integer epoch microseconds, durations as integer milliseconds. */
public final class WireTime {
    private WireTime() {}

    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("cascade-wire-time");
        m.addSerializer(Instant.class, new InstantSerializer());
        m.addDeserializer(Instant.class, new InstantDeserializer());
        m.addSerializer(Duration.class, new DurationSerializer());
        m.addDeserializer(Duration.class, new DurationDeserializer());
        return m;
    }

    public static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeNumber(toMicros(value));
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException(p.currentName() + " must be integer epoch microseconds, was "
                        + p.currentToken());
            }
            return fromMicros(p.getLongValue());
        }
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider p) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException(p.currentName() + " must be integer milliseconds, was "
                        + p.currentToken());
            }
            return Duration.ofMillis(p.getLongValue());
        }
    }
}
