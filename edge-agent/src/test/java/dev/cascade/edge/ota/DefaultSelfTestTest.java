package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.selftest.ReferenceWindow;
import dev.cascade.model.selftest.SelfTest;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import dev.cascade.testkit.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultSelfTestTest {
    @Test
    void defaultEdgeBundles_passTheSelfTestTheFactoryShippedInThem() throws Exception {
        for (String name : List.of("vibration-anomaly-edge", "irrigation-edge")) {
            ModelBundle b = ModelBundle.load(TestModels.latest(name));
            assertThat(b.selfTest()).as(name).isPresent();
            assertThat(b.selfTest().get().windows()).as(name).hasSize(4);
            try (ScoringModel m = new ScoringModel(b, TfliteRunner.open(b, TfliteOptions.DEFAULT))) {
                assertThat(b.selfTest().get().firstFailure(m)).as(name).isEmpty();
            }
        }
    }

    @Test
    void selfTest_expectingOtherScores_namesTheFirstWindowThatFails() throws Exception {
        ModelBundle b = ModelBundle.load(TestModels.latest("vibration-anomaly-edge"));
        SelfTest t = b.selfTest().orElseThrow();
        ReferenceWindow w0 = t.windows().get(0);
        SelfTest off = new SelfTest(0, 0, List.of(new ReferenceWindow(w0.label(), 1, w0.samples(), w0.expectedScore() + 1)));
        try (ScoringModel m = new ScoringModel(b, TfliteRunner.open(b, TfliteOptions.DEFAULT))) {
            assertThat(off.firstFailure(m).orElseThrow())
                    .matches("windows\\[0\\] \\(normal_0\\) must score [0-9.e+-]+ \\+- 0\\.00+, was [0-9.e+-]+");
        }
    }
}
