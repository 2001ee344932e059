package dev.cascade.model.factory.build;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.factory.registry.Runners;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.selftest.ReferenceWindow;
import dev.cascade.model.selftest.SelfTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a bundle's self-test: a few reference windows scored through the model's own runtime, as the agent will
 * score them before it swaps an over-the-air update in.
 */
final class SelfTests {
    /** Reference windows per self-test. */
    static final int WINDOWS = 4;
    /** Relative tolerance: 1 % of the expected score. */
    static final double REL_TOLERANCE = 0.01;
    /** Absolute tolerance: 0.1 % of the threshold. */
    static final double ABS_TOLERANCE_OF_THRESHOLD = 0.001;

    private SelfTests() {}

    /** The self-test of {@code staged} over {@code WINDOWS} windows spread evenly through {@code windows}. */
    static SelfTest make(ModelBundle staged, float[][] windows, boolean[] anomalous) throws ModelBundleException {
        int channels = staged.manifest().features().channels();
        List<ReferenceWindow> refs = new ArrayList<>();
        try (ScoringModel model = new ScoringModel(staged, Runners.open(staged))) {
            for (int k = 0; k < WINDOWS && k < windows.length; k++) {
                int i = (int) ((long) k * windows.length / Math.min(WINDOWS, windows.length));
                float[] w = windows[i];
                Scored s = model.score(w, channels);
                if (!(s instanceof Scored.Value v)) {
                    throw new IllegalStateException("reference window " + i + " of " + staged.manifest().ref()
                            + " scored non-finite: " + s);
                }
                String label = anomalous == null ? "held_out_" + i : (anomalous[i] ? "anomalous_" : "normal_") + i;
                refs.add(ReferenceWindow.of(label, channels, w, v.score()));
            }
        }
        double abs = ABS_TOLERANCE_OF_THRESHOLD * Math.max(1e-6, Math.abs(staged.manifest().threshold()));
        return new SelfTest(abs, REL_TOLERANCE, refs);
    }
}
