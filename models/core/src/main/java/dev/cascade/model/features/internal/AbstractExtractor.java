package dev.cascade.model.features.internal;

import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.checks.Checks;
import dev.cascade.model.internal.FloatLists;

/** Input checks and normalisation shared by every extractor. */
abstract class AbstractExtractor implements FeatureExtractor {
    final FeatureSpec spec;
    private final float[] mean;
    private final float[] invStd;

    AbstractExtractor(FeatureSpec spec) {
        this.spec = Checks.notNull(spec, "spec");
        if (spec.isNormalized()) {
            mean = FloatLists.toFloats(spec.mean());
            float[] std = FloatLists.toFloats(spec.std());
            invStd = new float[std.length];
            for (int i = 0; i < std.length; i++) {
                invStd[i] = 1f / std[i];
            }
        } else {
            mean = null;
            invStd = null;
        }
    }

    @Override
    public final FeatureSpec spec() {
        return spec;
    }

    @Override
    public final int inputSize() {
        return spec.inputSize();
    }

    @Override
    public final int outputSize() {
        return spec.outputSize();
    }

    @Override
    public final void extract(float[] samples, int channels, float[] out) {
        if (channels != spec.channels()) {
            throw new IllegalArgumentException("channels must be " + spec.channels() + ", was " + channels);
        }
        Checks.length(samples, spec.inputSize(), "samples");
        Checks.atLeastLength(out, spec.outputSize(), "out");
        Checks.allFinite(samples, 0, samples.length, "samples");
        compute(samples, out);
        if (mean != null) {
            for (int i = 0; i < mean.length; i++) {
                out[i] = (out[i] - mean[i]) * invStd[i];
            }
        }

    }

    /** Raw features of a validated window into {@code out[0, outputSize)}. */
    abstract void compute(float[] samples, float[] out);
}
