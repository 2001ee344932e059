package dev.cascade.model.factory.data;

/**
 * A continuous recording: frames of {@code channels} interleaved values at {@code sampleRateHz}. The value
 * array is shared, not copied: do not change it.
 */
public final class Recording {
    private final float[] values;
    private final int channels;
    private final double sampleRateHz;
    private final String source;

    public Recording(float[] values, int channels, double sampleRateHz, String source) {
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
        this.values = values;
        this.channels = channels;
        this.sampleRateHz = sampleRateHz;
        this.source = source;
    }

    public float[] values() {
        return values;
    }

    public int channels() {
        return channels;
    }

    public int frames() {
        return values.length / channels;
    }

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
}
