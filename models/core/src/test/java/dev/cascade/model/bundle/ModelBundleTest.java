package dev.cascade.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    static final byte[] MODEL = "pretend model bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    static ModelManifest manifest() {
        TensorSpec in = new TensorSpec("in", DType.INT8, List.of(1, 4), Quantization.perTensor(0.05f, -3));
        TensorSpec out = new TensorSpec("out", DType.INT8, List.of(1, 4), Quantization.perTensor(0.04f, 2));
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, "vibration-anomaly-edge", "1", ModelTask.ANOMALY,
                ModelFormat.TFLITE, "model.tflite", "0".repeat(64), List.of(in), List.of(out),
                FeatureSpec.identity(4, 1, 1000).withNormalization(new float[] {0, 1, 2, 3}, new float[] {1, 1, 1, 2}),
                ScoringRule.reconstructionMse(), 0.25, Map.of("auc", 0.99, "sizeBytes", 1234.0),
                new TrainingSummary("synthetic", 100, 42, Map.of("epochs", "10")), "test", "");
    }

    @Test
    void write_thenLoad_givesTheSameManifestAndBytes() throws Exception {
        ModelBundle written = ModelBundle.write(tmp.resolve("m/1"), manifest(), MODEL);
        ModelBundle loaded = ModelBundle.load(tmp.resolve("m/1"));
        assertThat(loaded.manifest()).isEqualTo(written.manifest());
        assertThat(loaded.manifest().sha256()).isEqualTo(Sha256.hex(MODEL));
        assertThat(loaded.modelBytes()).isEqualTo(MODEL);
        assertThat(loaded.verifiedSigner()).isEmpty();
    }

    @Test
    void write_twice_givesIdenticalManifestBytes() throws Exception {
        ModelBundle.write(tmp.resolve("a"), manifest(), MODEL);
        ModelBundle.write(tmp.resolve("b"), manifest(), MODEL);
        assertThat(Files.readAllBytes(tmp.resolve("a/manifest.json")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("b/manifest.json")));
    }

    @Test
    void write_intoExistingFolder_failsAndLeavesNothingBehind() throws Exception {
        Files.createDirectories(tmp.resolve("taken"));
        assertThatThrownBy(() -> ModelBundle.write(tmp.resolve("taken"), manifest(), MODEL))
                .isInstanceOf(FileAlreadyExistsException.class);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).containsExactly(tmp.resolve("taken"));
        }
    }

    @Test
    void load_tamperedModelFile_namesTheFileAndTheChecksum() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Files.write(dir.resolve("model.tflite"), "tampered".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageStartingWith(dir.resolve("model.tflite") + ": SHA-256 is ")
                .hasMessageContaining("but manifest.json says " + Sha256.hex(MODEL));
    }

    @Test
    void load_emptyModelFile_saysSo() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Files.write(dir.resolve("model.tflite"), new byte[0]);
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessage(dir.resolve("model.tflite") + ": file is empty");
    }

    @Test
    void load_missingManifest_namesIt() throws Exception {
        Files.createDirectories(tmp.resolve("m"));
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("m")))
                .hasMessage(tmp.resolve("m/manifest.json") + ": file is missing");
    }

    @Test
    void load_manifestWithBadField_namesFieldAndRule() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"vibration-anomaly-edge\"", "\"Bad Name\""));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessage(mf + ": invalid manifest: name must be 1-64 characters of [a-z0-9._-] starting with a"
                        + " letter or digit, was \"Bad Name\"");
    }

    @Test
    void load_manifestWhoseFeaturesDisagreeWithTheInput_isRejected() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"shape\" : [ 1, 4 ]", "\"shape\" : [ 1, 5 ]"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("invalid manifest: features must be producing as many values as inputs[0]"
                        + " takes (5), was 4");
    }

    @Test
    void load_manifestWithUnknownField_isRejected() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"threshold\"", "\"extra\" : 1,\n  \"threshold\""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("unknown field \"extra\"");
    }

    @Test
    void load_manifestMissingAField_namesIt() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, manifest(), MODEL);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"threshold\"", "\"treshold\""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("missing field \"threshold\"");
    }

    @Test
    void requireTensorsMatch_differentQuantization_namesTheTensor() throws Exception {
        ModelBundle b = ModelBundle.write(tmp.resolve("m"), manifest(), MODEL);
        TensorSpec in = new TensorSpec("in", DType.INT8, List.of(1, 4), Quantization.perTensor(0.05f, 0));
        assertThatThrownBy(() -> b.requireTensorsMatch(List.of(in), b.manifest().outputs()))
                .hasMessage(tmp.resolve("m/manifest.json") + ": disagrees with model.tflite: inputs[0]: manifest says"
                        + " quantization scale=0.05 zeroPoint=-3, the model file has scale=0.05 zeroPoint=0");
    }
}
