package dev.cascade.protocol.window;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.cascade.protocol.internal.SamplesJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable block of float samples, one or more channels interleaved frame by frame
 * ({@code c0 c1 c2 c0 c1 c2 ...}). Every value is finite; equality compares contents.
 *
 * <p>On the wire the values travel as little-endian float32 bytes (a CBOR byte string, or base64 in
 * JSON).
 */
@JsonSerialize(using = SamplesJson.Serializer.class)
@JsonDeserialize(using = SamplesJson.Deserializer.class)
public final class Samples {
    /** The most values one window may carry (all channels together). */
    public static final int MAX_VALUES = 1 << 16;
    /** The most channels one window may carry. */
    public static final int MAX_CHANNELS = 16;

    private final float[] values;
    private final int channels;

    private Samples(float[] values, int channels) {
        this.values = values;
        this.channels = channels;
    }

    /** One channel of samples; the array is copied. */
    public static Samples of(float... values) {
        return interleaved(1, values);
    }

    /** Interleaved samples of {@code channels} channels; the array is copied. */
    public static Samples interleaved(int channels, float[] values) {
        if (values == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        return validated(values.clone(), channels);
    }

    /** Reads {@code count} little-endian float32 values; used by decoders. */
    public static Samples fromLittleEndian(int channels, byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(
                    "samples.data must be a whole number of float32 values, was " + bytes.length + " bytes");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return validated(v, channels);
    }

    private static Samples validated(float[] v, int channels) {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException(
                    "samples.channels must be in [1, " + MAX_CHANNELS + "], was " + channels);
        }
        if (v.length == 0) {
            throw new IllegalArgumentException("samples must not be empty");
        }
        if (v.length > MAX_VALUES) {
            throw new IllegalArgumentException("samples must hold at most " + MAX_VALUES + " values, was " + v.length);
        }
        if (v.length % channels != 0) {
            throw new IllegalArgumentException("samples length must be a multiple of channels (" + channels
                    + "), was " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("samples[" + i + "] must be finite, was " + v[i]);
            }
        }
        return new Samples(v, channels);
    }

    /** All values, all channels. */
    public int size() {
        return values.length;
    }

    public int channels() {
        return channels;
    }

    /** Values per channel. */
    public int frames() {
        return values.length / channels;
    }

    public float get(int index) {
        return values[index];
    }

    public float get(int frame, int channel) {
        if (channel < 0 || channel >= channels) {
            throw new IndexOutOfBoundsException("channel " + channel + " of " + channels);
        }
        return values[frame * channels + channel];
    }

    /** A copy of every value, interleaved. */
    public float[] toArray() {
        return values.clone();
    }

    /** A copy of one channel's values. */
    public float[] channel(int channel) {
        if (channel < 0 || channel >= channels) {
            throw new IndexOutOfBoundsException("channel " + channel + " of " + channels);
        }
        float[] out = new float[frames()];
        for (int f = 0, i = channel; f < out.length; f++, i += channels) {
            out[f] = values[i];
        }
        return out;
    }

    /** Copies {@code length} values from {@code from} into {@code dst} at {@code offset}, without allocating. */
    public void copyTo(int from, float[] dst, int offset, int length) {
        System.arraycopy(values, from, dst, offset, length);
    }

    /** The values as little-endian float32 bytes. */
    public byte[] toLittleEndian() {
        byte[] out = new byte[values.length * Float.BYTES];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && s.channels == channels && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + channels;
    }

    @Override
    public String toString() {
        return "Samples[channels=" + channels + ", frames=" + frames() + "]";
    }
}
