package dev.cascade.sim.replay;

import dev.cascade.sim.internal.Checks;
import java.util.Arrays;

/** Recorded samples in memory: frames of one or more interleaved channels. Immutable. */
public final class Recording {
    private final float[] values;
    private final int channels;

    private Recording(float[] values, int channels) {
        this.values = values;
        this.channels = channels;
    }

    /** Takes {@code values} (interleaved, copied); every value must be finite. */
    public static Recording of(int channels, float[] values) {
        Checks.check(channels >= 1 && channels <= 16, "channels", "in [1, 16]", channels);
        Checks.check(values != null && values.length > 0 && values.length % channels == 0, "values",
                "a non-empty multiple of channels (" + channels + ")", values == null ? null : values.length);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] (frame " + i / channels + ", channel "
                        + i % channels + ") must be finite, was " + values[i]);
            }
        }
        return new Recording(values.clone(), channels);
    }

    public int channels() {
        return channels;
    }

    public int frames() {
        return values.length / channels;
    }

    /** Copies {@code count} frames from {@code frame} into {@code dst} (interleaved). */
    public void copyFrames(int frame, float[] dst, int dstFrame, int count) {
        System.arraycopy(values, frame * channels, dst, dstFrame * channels, count * channels);
    }

    /** A copy of all values, interleaved. */
    public float[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recording r && r.channels == channels && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + channels;
    }

    @Override
    public String toString() {
        return "Recording[channels=" + channels + ", frames=" + frames() + "]";
    }
}
