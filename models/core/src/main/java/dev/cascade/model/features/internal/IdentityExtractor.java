package dev.cascade.model.features.internal;

import dev.cascade.model.features.FeatureSpec;

/** Passes the window through (then normalises, if the spec says so). */
public final class IdentityExtractor extends AbstractExtractor {
    public IdentityExtractor(FeatureSpec spec) {
        super(spec);
    }

    @Override
    void compute(float[] samples, float[] out) {
        System.arraycopy(samples, 0, out, 0, samples.length);
    }
}
