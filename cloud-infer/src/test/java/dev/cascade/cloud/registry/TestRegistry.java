package dev.cascade.cloud.registry;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.SigningKey;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.registry.RegistryPointers;
import dev.cascade.testkit.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A registry folder made for one test from the default {@code vibration-anomaly-cloud} bundle: its version 1 and
 * further versions derived from it, all signed by a key made for the test and trusted only by it (the committed
 * defaults are never changed).
 */
final class TestRegistry {
    static final String NAME = "vibration-anomaly-cloud";

    final Path root;
    final Path keys;
    final RegistryPointers pointers;
    private final SigningKey key = SigningKey.generate();
    private final ModelBundle base;

    TestRegistry(Path tmp) throws IOException {
        root = tmp.resolve("registry");
        keys = tmp.resolve("keys");
        Files.createDirectories(keys);
        key.writePublicPem(keys.resolve("test.pem"));
        pointers = new RegistryPointers(root);
        base = ModelBundle.load(TestModels.latest(NAME));
        add("1", base.manifest().withVersion("1"));
    }

    /** A version that scores differently: features shifted by a third of their spread, a threshold 20 times lower. */
    Path addDisagreeing(String version) throws IOException {
        ModelManifest m = base.manifest();
        FeatureSpec f = m.features();
        float[] mean = new float[f.mean().size()];
        float[] std = new float[f.std().size()];
        for (int i = 0; i < mean.length; i++) {
            std[i] = f.std().get(i).floatValue();
            mean[i] = f.mean().get(i).floatValue() + std[i] / 3;
        }
        ModelManifest v = new ModelManifest(m.schemaVersion(), m.name(), version, m.task(), m.format(), m.file(),
                m.sha256(), m.inputs(), m.outputs(), f.withNormalization(mean, std), m.scoring(), m.threshold() / 20,
                m.metrics(), m.training(), m.createdBy(), m.createdAt(), m.calibration());
        return add(version, v);
    }

    /** A signed version whose manifest is changed after signing (its threshold), as an attacker would. */
    Path addTampered(String version) throws IOException {
        Path dir = addDisagreeing(version);
        Path manifest = dir.resolve(ModelBundle.MANIFEST);
        String json = Files.readString(manifest, StandardCharsets.UTF_8);
        String changed = json.replaceFirst("\"threshold\" : [0-9.Ee-]+", "\"threshold\" : 99.0");
        if (changed.equals(json)) {
            throw new IllegalStateException("no threshold in " + manifest);
        }
        Files.writeString(manifest, changed, StandardCharsets.UTF_8);
        return dir;
    }

    /** A signed version taking windows of another length. */
    Path addOtherShape(String version) throws IOException {
        ModelManifest m = base.manifest();
        FeatureSpec f = m.features();
        FeatureSpec g = new FeatureSpec(f.type(), 2048, f.channels(), f.sampleRateHz(), 2048, f.bandEdgesHz(), f.mean(),
                f.std());
        return add(version, new ModelManifest(m.schemaVersion(), m.name(), version, m.task(), m.format(), m.file(),
                m.sha256(), m.inputs(), m.outputs(), g, m.scoring(), m.threshold(), m.metrics(), m.training(),
                m.createdBy(), m.createdAt(), m.calibration()));
    }

    private Path add(String version, ModelManifest manifest) throws IOException {
        Path dir = root.resolve(NAME).resolve(version);
        ModelBundle.write(dir, manifest, base.modelBytes());
        key.signBundle(dir);
        return dir;
    }

    List<String> versions() throws IOException {
        try (var s = Files.list(root.resolve(NAME))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
