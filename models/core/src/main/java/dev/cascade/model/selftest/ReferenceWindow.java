package dev.cascade.model.selftest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * One reference input of a self-test and the score the model gave it in the factory.
 *
 * @param label what the window is, e.g. {@code normal} or {@code anomalous} (for people)
 * @param channels channels per frame
 * @param samples the window's values as little-endian float32, base64
 * @param expectedScore the score the factory's run of the same model gave
 */
@JsonPropertyOrder({"label", "channels", "samples", "expectedScore"})
public record ReferenceWindow(String label, int channels, String samples, double expectedScore) {
    public ReferenceWindow {
        Checks.notBlank(label, "label");
        Checks.positive(channels, "channels");
        Checks.notNull(samples, "samples");
        Checks.finite(expectedScore, "expectedScore");
        int bytes;
        try {
            bytes = Base64.getDecoder().decode(samples).length;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("samples must be base64, was not: " + e.getMessage(), e);
        }
        Checks.check(bytes > 0 && bytes % 4 == 0, "samples", "a non-empty whole number of float32 values", bytes + " bytes");
    }

    /** The reference window of {@code values}. */
    public static ReferenceWindow of(String label, int channels, float[] values, double expectedScore) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new ReferenceWindow(label, channels, Base64.getEncoder().encodeToString(b.array()), expectedScore);
    }

    /** A fresh copy of the window's values. */
    @JsonIgnore
    public float[] values() {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(samples)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
