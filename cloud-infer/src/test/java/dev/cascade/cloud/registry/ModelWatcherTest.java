package dev.cascade.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.model.CloudModel;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.protocol.window.SensorKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWatcherTest {
    private static final SensorKind V = SensorKind.VIBRATION;

    @TempDir
    Path tmp;
    private TestRegistry reg;
    private TrustedKeys trust;

    @BeforeEach
    void setUp() throws Exception {
        reg = new TestRegistry(tmp);
        trust = TrustedKeys.read(reg.keys);
    }

    private ModelWatcher watcher(ModelWatcher.Trial trial) throws ModelBundleException {
        return new ModelWatcher(RegistrySettings.of(reg.root, Map.of(V, TestRegistry.NAME)), trust, trial);
    }

    /** A version the test adds to the registry (and signs), by version name. */
    @FunctionalInterface
    private interface Addition {
        Path add(String version) throws Exception;
    }

    /** A watcher running promoted v1, with v2 made by {@code v2} then promoted, not yet polled. */
    private ModelWatcher v1LiveThenPromoted(Addition v2, ModelWatcher.Trial trial) throws Exception {
        reg.pointers.promote(TestRegistry.NAME, "1");
        ModelWatcher w = watcher(trial);
        v2.add("2");
        reg.pointers.promote(TestRegistry.NAME, "2");
        return w;
    }

    private static void realTrial(SensorKind kind, dev.cascade.model.bundle.ModelBundle b) throws ModelBundleException {
        try (CloudModel m = CloudModel.open(b, OnnxOptions.DEFAULT)) {
            m.warmUp(4);
        }
    }

    @Test
    void noPromotedFile_runsTheHighestNumericVersion() throws Exception {
        reg.addDisagreeing("2");

        ModelWatcher w = watcher(ModelWatcherTest::realTrial);

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("2");
        assertThat(w.current().shadow()).isEmpty();
    }

    @Test
    void promotedVersion_passingEveryCheck_isPublishedAsANewGeneration() throws Exception {
        reg.pointers.promote(TestRegistry.NAME, "1");
        ModelWatcher w = watcher(ModelWatcherTest::realTrial);
        long before = w.current().generation();
        reg.addDisagreeing("2");
        w.poll();
        assertThat(w.current().generation()).isEqualTo(before);

        reg.pointers.promote(TestRegistry.NAME, "2");
        w.poll();

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("2");
        assertThat(w.current().live().get(V).verifiedSigner()).isPresent();
        assertThat(w.current().generation()).isEqualTo(before + 1);
        assertThat(w.promotions(V)).isEqualTo(1);
        assertThat(w.refusals(V)).isZero();
    }

    @Test
    void tamperedPromotion_isRefusedOnce_withTheSignatureReason_andTheLiveVersionStays() throws Exception {
        ModelWatcher w = v1LiveThenPromoted(reg::addTampered, ModelWatcherTest::realTrial);

        w.poll();
        w.poll();

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("1");
        assertThat(w.refusals(V)).as("refused once while its files stay the same").isEqualTo(1);
        assertThat(w.lastRefusal()).startsWith("registry: promoted vibration-anomaly-cloud@2 refused, "
                + "vibration-anomaly-cloud@1 stays: ").contains("does not match (manifest changed after signing");
        assertThat(w.promotions(V)).isZero();
    }

    @Test
    void promotionTakingOtherWindows_isRefused() throws Exception {
        ModelWatcher w = v1LiveThenPromoted(reg::addOtherShape, ModelWatcherTest::realTrial);

        w.poll();

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("1");
        assertThat(w.lastRefusal()).contains("must take the windows of vibration-anomaly-cloud@1 (1024 frames of 1 "
                + "channel(s), task anomaly), was 2048 frames of 1, task anomaly");
    }

    @Test
    void promotionFailingItsWarmUp_isRefused() throws Exception {
        ModelWatcher w = v1LiveThenPromoted(reg::addDisagreeing, (kind, b) -> {
            if (b.manifest().version().equals("2")) {
                throw new IllegalStateException("warm-up produced NaN");
            }
        });

        w.poll();

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("1");
        assertThat(w.refusals(V)).isEqualTo(1);
        assertThat(w.lastRefusal()).endsWith("stays: warm-up produced NaN");
    }

    @Test
    void shadowFile_publishesAShadow_andRemovingItEndsTheShadow() throws Exception {
        reg.pointers.promote(TestRegistry.NAME, "1");
        ModelWatcher w = watcher(ModelWatcherTest::realTrial);
        reg.addDisagreeing("2");

        reg.pointers.setShadow(TestRegistry.NAME, "2");
        w.poll();
        assertThat(w.current().shadow().get(V).manifest().version()).isEqualTo("2");
        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("1");

        reg.pointers.clearShadow(TestRegistry.NAME);
        w.poll();
        assertThat(w.current().shadow()).isEmpty();
    }

    @Test
    void shadowPromoted_isLiveAndNoLongerShadowed() throws Exception {
        reg.pointers.promote(TestRegistry.NAME, "1");
        reg.addDisagreeing("2");
        reg.pointers.setShadow(TestRegistry.NAME, "2");
        ModelWatcher w = watcher(ModelWatcherTest::realTrial);
        assertThat(w.current().shadow()).containsKey(V);

        reg.pointers.promote(TestRegistry.NAME, "2");
        w.poll();

        assertThat(w.current().live().get(V).manifest().version()).isEqualTo("2");
        assertThat(w.current().shadow()).isEmpty();
    }
}
