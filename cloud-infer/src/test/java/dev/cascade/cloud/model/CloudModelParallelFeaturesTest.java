package dev.cascade.cloud.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.features.ParallelFeatures;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.scoring.Scored;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.TestModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch's FFT features computed on several threads score exactly as on the worker's thread alone. */
class CloudModelParallelFeaturesTest {
    private static SensorWindow window(int i, float[] samples) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new SensorWindow(DeviceId.of("m-" + i), SensorKind.VIBRATION, 8192, now, i, CorrelationId.random(), now,
                Samples.of(samples));
    }

    private static List<SensorWindow> batch(int n) {
        Machine healthy = new Machine(MachineSpec.defaults(), 61);
        Machine faulty = new Machine(MachineSpec.defaults(), 62);
        faulty.inject(Fault.of(FaultType.BEARING_INNER, 1.0));
        List<SensorWindow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] s = i % 5 == 0 ? faulty.nextWindow() : healthy.nextWindow();
            if (i == 10 || i == 50) {
                Arrays.fill(s, Float.MAX_VALUE); // finite samples whose band energy overflows: a non-finite feature
            }
            out.add(window(i, s));
        }
        return out;
    }

    @Test
    void scoreAll_withFeaturesOnTwoAndThreeThreads_equalsTheSerialScores_nonFiniteRowsIncluded() throws Exception {
        ModelBundle bundle = ModelBundle.load(TestModels.latest("vibration-anomaly-cloud"));
        for (int n : new int[] {1, 7, 64, 256}) {
            List<SensorWindow> windows = batch(n);
            Scored[] serial;
            try (CloudModel m = CloudModel.open(bundle, OnnxOptions.DEFAULT)) {
                serial = m.scoreAll(windows);
            }
            for (int threads : new int[] {2, 3}) {
                try (ParallelFeatures pool = new ParallelFeatures(threads, "test-cloud-features");
                     CloudModel m = CloudModel.open(bundle, OnnxOptions.DEFAULT, pool)) {
                    Scored[] parallel = m.scoreAll(windows);

                    assertThat(parallel).as("%d windows, %d threads", n, threads).containsExactly(serial);
                }
            }
            if (n >= 64) {
                assertThat(serial[10]).isInstanceOf(Scored.NonFinite.class);
                assertThat(((Scored.NonFinite) serial[50]).detail()).startsWith("features[0] must be finite, was ");
                assertThat(serial[11]).isInstanceOf(Scored.Value.class);
            }
        }
    }
}
