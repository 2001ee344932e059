package dev.cascade.protocol.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.cascade.protocol.window.Samples;
import java.io.IOException;
import java.util.Arrays;

/**
 * Wire form of {@link Samples}: {@code {"channels": n, "data": <little-endian float32 bytes>}}. Hand-written
 * JSON may give {@code "data"} as an array of numbers instead.
 */
public final class SamplesJson {
    private SamplesJson() {}

    public static final class Serializer extends JsonSerializer<Samples> {
        @Override
        public void serialize(Samples s, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("channels", s.channels());
            gen.writeFieldName("data");
            gen.writeBinary(s.toLittleEndian());
            gen.writeEndObject();
        }
    }

    public static final class Deserializer extends JsonDeserializer<Samples> {
        @Override
        public Samples deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("samples must be an object {channels, data}, was " + p.currentToken());
            }
            int channels = 1;
            byte[] bytes = null;
            float[] floats = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "channels" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("samples.channels must be an integer, was " + v);
                        }
                        channels = p.getIntValue();
                    }
                    case "data" -> {
                        if (v == JsonToken.START_ARRAY) {
                            floats = readArray(p);
                        } else if (v == JsonToken.VALUE_EMBEDDED_OBJECT || v == JsonToken.VALUE_STRING) {
                            bytes = p.getBinaryValue();
                        } else {
                            throw new IllegalArgumentException("samples.data must be bytes or an array of numbers, was " + v);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (bytes != null) {
                return Samples.fromLittleEndian(channels, bytes);
            }
            if (floats != null) {
                return Samples.interleaved(channels, floats);
            }
            throw new IllegalArgumentException("samples.data must be present");
        }

        private static float[] readArray(JsonParser p) throws IOException {
            float[] out = new float[256];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
                    throw new IllegalArgumentException("samples.data[" + n + "] must be a number, was " + t);
                }
                if (n == Samples.MAX_VALUES) {
                    throw new IllegalArgumentException("samples must hold at most " + Samples.MAX_VALUES + " values");
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = p.getFloatValue();
            }
            return Arrays.copyOf(out, n);
        }
    }
}
