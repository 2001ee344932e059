package dev.cascade.edge.ota;

import dev.cascade.model.bundle.Calibration;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.SigningKey;
import dev.cascade.model.selftest.ReferenceWindow;
import dev.cascade.model.selftest.SelfTest;
import dev.cascade.testkit.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Signed versions of the default vibration edge model for update tests, under a key the test trusts. */
final class OtaBundles {
    static final String NAME = "vibration-anomaly-edge";

    final SigningKey key = SigningKey.generate();
    final Path root;
    final Path trusted;
    final ModelBundle base;

    OtaBundles(Path root) throws IOException {
        this.root = root;
        this.trusted = Files.createDirectories(root.resolve("trusted"));
        key.writePublicPem(trusted.resolve("test.pem"));
        this.base = ModelBundle.load(TestModels.latest(NAME));
        if (base.selfTest().isEmpty()) {
            throw new AssertionError("the default " + NAME + " bundle must ship a self-test (models/make-defaults)");
        }
    }

    /** Version 1: the default bundle, signed with the test key. */
    Path v1() throws IOException {
        return write("1", m -> m, base.modelBytes(), base.selfTest().get());
    }

    /** The same model as another version: passes its self-test. */
    Path sameModel(String version) throws IOException {
        return write(version, m -> m, base.modelBytes(), base.selfTest().get());
    }

    /** A version whose self-test expects other scores than the model gives. */
    Path failingSelfTest(String version) throws IOException {
        SelfTest t = base.selfTest().get();
        List<ReferenceWindow> off = t.windows().stream()
                .map(w -> new ReferenceWindow(w.label(), w.channels(), w.samples(), w.expectedScore() + 1.0)).toList();
        return write(version, m -> m, base.modelBytes(), new SelfTest(t.absTolerance(), t.relTolerance(), off));
    }

    /** A version whose model file is not a TFLite model (hashed and signed all the same). */
    Path unloadable(String version) throws IOException {
        byte[] junk = "this is not a flatbuffer, it only looks like a model file to the manifest".repeat(20)
                .getBytes(StandardCharsets.US_ASCII);
        return write(version, m -> m, junk, base.selfTest().get());
    }

    /** A version signed, then changed (its threshold) after signing. */
    Path tampered(String version) throws IOException {
        Path dir = sameModel(version);
        Path manifest = dir.resolve(ModelBundle.MANIFEST);
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, text.replaceFirst("\"threshold\" : [0-9.eE+-]+", "\"threshold\" : 1000.0"),
                StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * A version that passes its self-test (same scores) but asks the cloud about nearly every window: its uncertain
     * band is made huge and its threshold tiny.
     */
    Path escalatesEverything(String version) throws IOException {
        return write(version, m -> {
            Calibration c = m.calibration();
            Calibration wide = new Calibration(Calibration.TARGET_RATE, 1e6, 1e6, c.heldOutWindows(), c.escalationRate(),
                    Double.NaN, c.featureMin(), c.featureMax(), c.rangeMargin());
            return m.withThreshold(1e-9).withCalibration(wide);
        }, base.modelBytes(), base.selfTest().get());
    }

    private Path write(String version, UnaryOperator<ModelManifest> change, byte[] model, SelfTest selfTest)
            throws IOException {
        Path dir = root.resolve("v" + version);
        ModelBundle.write(dir, change.apply(base.manifest().withVersion(version)), model, selfTest);
        key.signBundle(dir);
        return dir;
    }
}
