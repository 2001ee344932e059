package dev.cascade.model.factory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.SigningKey;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.factory.eval.ModelEvaluator;
import dev.cascade.model.factory.inspect.ModelDescription;
import dev.cascade.model.factory.inspect.ModelInspector;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Third-party models imported, inspected, registered, signed, verified and promoted. */
class RegistryAndImportTest {
    @TempDir
    Path tmp;

    private Path importAd01(String version) throws Exception {
        Path model = tmp.resolve("ad01_int8.tflite");
        if (!Files.exists(model)) {
            Files.write(model, Fixtures.read("ad01_int8.tflite"));
        }
        ImportOptions opts = new ImportOptions("mlperf-ad01", version, ModelTask.ANOMALY, 16000, 11.0,
                "MLPerf Tiny ad01 int8");
        return ModelImporter.importModel(model, opts, tmp.resolve("staging")).dir();
    }

    @Test
    void importedMlperfModel_scoresTheRecordingAsMlperfDoes() throws Exception {
        ModelBundle b = ModelBundle.load(importAd01("1"));
        assertThat(b.manifest().inputs().get(0).dtype()).isEqualTo(DType.INT8);
        float[] scores = ModelEvaluator.scores(b, Fixtures.adRecordingWindows());
        double mean = 0;
        for (float s : scores) {
            mean += s / scores.length;
        }
        assertThat(mean).isBetween(9.0, 11.5);
    }

    @Test
    void inspect_tflite_listsOperatorsAndQuantization() {
        ModelDescription d = ModelInspector.inspect(Fixtures.read("ad01_int8.tflite"));
        assertThat(d.format()).isEqualTo("tflite");
        assertThat(d.operators()).containsKey("FULLY_CONNECTED v4");
        assertThat(d.inputs().get(0).toString()).isEqualTo("input_1 int8[-1, 640] scale=0.39101523 zeroPoint=89");
        assertThat(d.toText()).contains("operators:");
    }

    @Test
    void inspect_garbage_saysItIsNeitherFormat() {
        assertThatThrownBy(() -> ModelInspector.inspect("plain text, not a model".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("neither a TFLite model (no TFL3 identifier) nor an ONNX model");
    }

    @Test
    void importWithHandWrittenManifestThatDisagrees_namesTheManifest() throws Exception {
        Path model = tmp.resolve("ad01_int8.tflite");
        Files.write(model, Fixtures.read("ad01_int8.tflite"));
        Path manifest = tmp.resolve("manifest.json");
        Files.writeString(manifest, "{\"name\":\"ad01\",\"version\":\"1\",\"task\":\"anomaly\","
                + "\"features\":{\"type\":\"identity\",\"windowSize\":640,\"channels\":1,\"sampleRateHz\":16000,"
                + "\"fftSize\":0},\"scoring\":{\"kind\":\"reconstruction_mse\"},\"threshold\":11,"
                + "\"inputs\":[{\"name\":\"input_1\",\"dtype\":\"float32\",\"shape\":[1,640]}]}");
        assertThatThrownBy(() -> ModelImporter.importModel(model, manifest, tmp.resolve("staging")))
                .isInstanceOf(ModelBundleException.class)
                .hasMessage(manifest + ": disagrees with model.tflite: inputs[0]: manifest says float32, the model"
                        + " file has int8");
        assertThat(tmp.resolve("staging")).doesNotExist();
    }

    @Test
    void registry_addSignedAndPromote_thenListShowsIt() throws Exception {
        SigningKey key = SigningKey.generate();
        Path staged = importAd01("1");
        key.signBundle(staged);
        ModelRegistry reg = new ModelRegistry(tmp.resolve("registry"), TrustedKeys.of(key.publicKey()));
        reg.add(staged);
        reg.promote("mlperf-ad01", "1");
        assertThat(reg.list()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("mlperf-ad01");
            assertThat(e.promoted()).isTrue();
            assertThat(e.signed()).isTrue();
            assertThat(e.problem()).isEmpty();
        });
        assertThat(reg.current("mlperf-ad01").verifiedSigner()).contains(key.keyId());
    }

    @Test
    void registry_refusesAnUnsignedBundleAndWritesNothing() throws Exception {
        Path staged = importAd01("1");
        ModelRegistry reg = new ModelRegistry(tmp.resolve("registry"),
                TrustedKeys.of(SigningKey.generate().publicKey()));
        assertThatThrownBy(() -> reg.add(staged)).hasMessageContaining("bundle is not signed");
        assertThat(reg.list()).isEmpty();
    }

    @Test
    void registry_promotingATamperedVersion_failsAndKeepsThePreviousPromotion() throws Exception {
        ModelRegistry reg = new ModelRegistry(tmp.resolve("registry"), null);
        reg.add(importAd01("1"));
        reg.add(importAd01("2"));
        reg.promote("mlperf-ad01", "1");
        Path v2 = reg.dir("mlperf-ad01", "2").resolve("model.tflite");
        byte[] b = Files.readAllBytes(v2);
        b[b.length / 2] ^= 1;
        Files.write(v2, b);
        assertThatThrownBy(() -> reg.promote("mlperf-ad01", "2")).hasMessageStartingWith(v2 + ": SHA-256 is ");
        assertThat(reg.promoted("mlperf-ad01")).contains("1");
        try (Stream<Path> s = Files.list(tmp.resolve("registry/mlperf-ad01"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("1", "2", "PROMOTED");
        }
        assertThat(reg.list()).filteredOn(e -> e.version().equals("2")).singleElement()
                .satisfies(e -> assertThat(e.problem()).contains("SHA-256 is"));
    }
}
