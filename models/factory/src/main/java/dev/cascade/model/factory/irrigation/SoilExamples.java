package dev.cascade.model.factory.irrigation;

/**
 * Training examples cut from soil series: each history is {@code historySteps} interleaved frames, each
 * target the moisture {@code horizonSteps} frames after the history's last frame. Chronological within a series.
 *
 * The arrays are shared, not copied: do not change them.
 */
public final class SoilExamples {
    private final float[][] histories;
    private final float[] targets;

    /**
     * Examples from raw windows and their targets.
     *
     * @param histories the model inputs (raw windows)
     * @param targets moisture at the horizon, %
     */
    public SoilExamples(float[][] histories, float[] targets) {
        if (histories.length != targets.length) {
            throw new IllegalArgumentException("targets must be as many as histories (" + histories.length
                    + "), was " + targets.length);
        }
        this.histories = histories;
        this.targets = targets;
    }

    public float[][] histories() {
        return histories;
    }

    public float[] targets() {
        return targets;
    }

    public int size() {
        return targets.length;
    }

    /**
     * Cuts examples from one series.
     *
     * @param series interleaved frames of {@code channels} channels (moisture first)
     */
    public static SoilExamples cut(float[] series, int channels, IrrigationRecipeConfig cfg) {
        if (series.length % channels != 0) {
            throw new IllegalArgumentException("series length must be a multiple of channels (" + channels
                    + "), was " + series.length);
        }
        if (channels < cfg.channels()) {
            throw new IllegalArgumentException("series must have at least " + cfg.channels() + " channels, has "
                    + channels);
        }
        int frames = series.length / channels;
        int span = cfg.historySteps() + cfg.horizonSteps();
        int count = frames < span ? 0 : (frames - span) / cfg.stride() + 1;
        float[][] h = new float[count][cfg.historySteps() * cfg.channels()];
        float[] y = new float[count];
        for (int e = 0; e < count; e++) {
            int start = e * cfg.stride();
            for (int f = 0; f < cfg.historySteps(); f++) {
                for (int c = 0; c < cfg.channels(); c++) {
                    h[e][f * cfg.channels() + c] = series[(start + f) * channels + c];
                }
            }
            y[e] = series[(start + cfg.historySteps() - 1 + cfg.horizonSteps()) * channels];
        }
        return new SoilExamples(h, y);
    }

    /** Examples of several series, one after another. */
    public static SoilExamples concat(SoilExamples... parts) {
        int n = 0;
        for (SoilExamples p : parts) {
            n += p.size();
        }
        float[][] h = new float[n][];
        float[] y = new float[n];
        int k = 0;
        for (SoilExamples p : parts) {
            System.arraycopy(p.histories, 0, h, k, p.size());
            System.arraycopy(p.targets, 0, y, k, p.size());
            k += p.size();
        }
        return new SoilExamples(h, y);
    }

    /** The persistence forecast of each history: its last moisture. */
    public static float[] persistence(float[][] histories, int channels) {
        float[] p = new float[histories.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = histories[i][histories[i].length - channels];
        }
        return p;
    }
}
