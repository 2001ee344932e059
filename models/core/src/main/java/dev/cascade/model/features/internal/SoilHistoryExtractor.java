package dev.cascade.model.features.internal;

import dev.cascade.model.features.FeatureSpec;

/**
 * Re-orders an interleaved soil window channel-major (all moisture, then temperature, then rain); rain (channel
 * 2) becomes {@code ln(1 + mm)} so that a downpour does not dwarf every other input.
 */
public final class SoilHistoryExtractor extends AbstractExtractor {
    private static final int RAIN = 2;

    public SoilHistoryExtractor(FeatureSpec spec) {
        super(spec);
    }

    @Override
    void compute(float[] samples, float[] out) {
        int n = spec.windowSize();
        int ch = spec.channels();
        for (int c = 0; c < ch; c++) {
            if (c == RAIN) {
                for (int i = 0, src = c; i < n; i++, src += ch) {
                    out[c * n + i] = (float) Math.log1p(Math.max(0f, samples[src]));
                }
            } else {
                for (int i = 0, src = c; i < n; i++, src += ch) {
                    out[c * n + i] = samples[src];
                }
            }
        }
    }
}
