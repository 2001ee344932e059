package dev.cascade.model.features.internal;

import dev.cascade.model.features.FeatureSpec;

/** Re-orders an interleaved soil window channel-major (all moisture, then temperature, then rain). */
public final class SoilHistoryExtractor extends AbstractExtractor {
    public SoilHistoryExtractor(FeatureSpec spec) {
        super(spec);
    }

    @Override
    void compute(float[] samples, float[] out) {
        int n = spec.windowSize();
        int ch = spec.channels();
        for (int c = 0; c < ch; c++) {
            for (int i = 0, src = c; i < n; i++, src += ch) {
                out[c * n + i] = samples[src];
            }
        }
    }
}
