package dev.cascade.recording;

/**
 * A continuous recording: frames of {@code channels} interleaved finite values at {@code sampleRateHz}, read by
 * {@link RecordingReader} for replay (the simulators) and for training (the model factory). The constructor shares
 * the value array (recordings can be large): do not change it; {@link #of} copies. Equal recordings have the same
 * channels, rate and values, wherever they came from.
 */
public final class Recording {
    private final float[] values;
    private final int channels;
    private final double sampleRateHz;
    private final String source;

    /** A recording of {@code values} (shared, not copied), read from {@code source}. */
    public Recording(float[] values, int channels, double sampleRateHz, String source) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must be non-empty, was " + (values == null ? null : "empty"));
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, was " + channels);
        }
        if (values.length % channels != 0) {
            throw new IllegalArgumentException("values must be a multiple of channels (" + channels + "), was "
                    + values.length);
        }
        if (!(sampleRateHz > 0) || !Double.isFinite(sampleRateHz)) {
            throw new IllegalArgumentException("sampleRateHz must be a finite number > 0, was " + sampleRateHz);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] (frame " + i / channels + ", channel "
                        + i % channels + ") must be finite, was " + values[i]);
            }
        }
        this.values = values;
        this.channels = channels;
        this.sampleRateHz = sampleRateHz;
        this.source = source;
    }

    /** Samples in memory: a copy of {@code values} (interleaved), from {@code "memory"}. */
    public static Recording of(int channels, double sampleRateHz, float[] values) {
        return new Recording(values == null ? null : values.clone(), channels, sampleRateHz, "memory");
    }

    /** The values, interleaved: shared, do not change them. */
    public float[] values() {
        return values;
    }

    /** Values per frame. */
    public int channels() {
        return channels;
    }

    /** Frames in the recording. */
    public int frames() {
        return values.length / channels;
    }

    /** Frames per second. */
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Where it was read from. */
    public String source() {
        return source;
    }

    /**
     * Consecutive windows of {@code windowSize} frames, starting every {@code hop} frames; a tail shorter than
     * a window is dropped.
     */
    public float[][] windows(int windowSize, int hop) {
        if (windowSize < 1 || hop < 1) {
            throw new IllegalArgumentException("windowSize and hop must be >= 1, was " + windowSize + " and " + hop);
        }
        int frames = frames();
        int count = frames < windowSize ? 0 : (frames - windowSize) / hop + 1;
        float[][] out = new float[count][];
        for (int w = 0; w < count; w++) {
            out[w] = java.util.Arrays.copyOfRange(values, w * hop * channels, (w * hop + windowSize) * channels);
        }
        return out;
    }

    /** Copies {@code count} frames from {@code frame} into {@code dst} at {@code dstFrame} (interleaved). */
    public void copyFrames(int frame, float[] dst, int dstFrame, int count) {
        System.arraycopy(values, frame * channels, dst, dstFrame * channels, count * channels);
    }

    /** A copy of all values, interleaved. */
    public float[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recording r && r.channels == channels && r.sampleRateHz == sampleRateHz
                && java.util.Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Arrays.hashCode(values) + channels) + Double.hashCode(sampleRateHz);
    }

    @Override
    public String toString() {
        return "Recording[" + source + ", channels=" + channels + ", frames=" + frames() + ", " + sampleRateHz + " Hz]";
    }
}
