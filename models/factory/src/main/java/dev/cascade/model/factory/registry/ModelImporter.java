package dev.cascade.model.factory.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.ScoringRule;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tensor.TensorSpec;
import dev.cascade.model.tflite.TfliteRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Brings a {@code .tflite} or {@code .onnx} made elsewhere into a bundle: opens it in its runtime (so an
 * unsupported model is refused up front), reads its tensors and writes the manifest, either from the options
 * or from a hand-written manifest whose {@code sha256}, {@code file}, {@code format}, {@code inputs},
 * {@code outputs}, {@code training} and optional feature/scoring fields may be left out and are then filled in.
 */
public final class ModelImporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelImporter() {}

    /** Imports with a generated manifest; writes {@code <destRoot>/<name>/<version>/}. */
    public static ModelBundle importModel(Path modelFile, ImportOptions options, Path destRoot) throws IOException {
        byte[] bytes = readModel(modelFile);
        ModelFormat format = format(modelFile);
        Io io = tensors(modelFile, bytes, format);
        TensorSpec in = io.inputs().get(0);
        int n = in.exampleSize();
        FeatureSpec features = FeatureSpec.identity(n, 1, options.sampleRateHz());
        ScoringRule scoring = options.task() == ModelTask.ANOMALY ? ScoringRule.reconstructionMse()
                : ScoringRule.output(0, 1f, 0f, false);
        ModelManifest m;
        try {
            m = new ModelManifest(ModelManifest.SCHEMA_VERSION, options.name(), options.version(), options.task(),
                    format, "model" + format.extension(), Sha256.hex(bytes), io.inputs(), io.outputs(), features, scoring,
                    options.threshold(), Map.of(), TrainingSummary.imported(options.source()),
                    "cascade model import", "");
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(modelFile, "cannot describe this model: " + e.getMessage(), e);
        }
        return ModelBundle.write(destRoot.resolve(m.name()).resolve(m.version()), m, bytes);
    }

    /** Imports with a hand-written manifest; writes {@code <destRoot>/<name>/<version>/}. */
    public static ModelBundle importModel(Path modelFile, Path manifestFile, Path destRoot) throws IOException {
        byte[] bytes = readModel(modelFile);
        ModelFormat format = format(modelFile);
        Io io = tensors(modelFile, bytes, format);
        JsonNode tree;
        try {
            tree = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new ModelBundleException(manifestFile, "not valid JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new ModelBundleException(manifestFile, "must be a JSON object");
        }
        ObjectNode o = (ObjectNode) tree;
        o.put("sha256", Sha256.hex(bytes));
        putIfAbsent(o, "schemaVersion", ModelManifest.SCHEMA_VERSION);
        putIfAbsent(o, "format", format.wireName());
        putIfAbsent(o, "file", "model" + format.extension());
        putIfAbsent(o, "createdBy", "cascade model import");
        putIfAbsent(o, "createdAt", "");
        putIfAbsent(o, "metrics", Map.of());
        if (o.get("features") instanceof ObjectNode) {
            ObjectNode f = (ObjectNode) o.get("features");
            putIfAbsent(f, "fftSize", 0);
            putIfAbsent(f, "bandEdgesHz", List.of());
            putIfAbsent(f, "mean", List.of());
            putIfAbsent(f, "std", List.of());
        }
        if (o.get("scoring") instanceof ObjectNode) {
            ObjectNode sc = (ObjectNode) o.get("scoring");
            putIfAbsent(sc, "outputIndex", 0);
            putIfAbsent(sc, "outputScale", 1);
            putIfAbsent(sc, "outputOffset", 0);
            putIfAbsent(sc, "positiveAbove", !"forecast".equals(o.path("task").asText()));
            putIfAbsent(sc, "baseFeature", -1);
        }
        if (!o.has("inputs")) {
            o.set("inputs", JSON.valueToTree(io.inputs()));
        }
        if (!o.has("outputs")) {
            o.set("outputs", JSON.valueToTree(io.outputs()));
        }
        if (!o.has("training")) {
            o.set("training", JSON.valueToTree(TrainingSummary.imported(modelFile.getFileName().toString())));
        }
        Path tmp = Files.createTempDirectory("cascade-import-");
        try {
            Path staged = tmp.resolve("b");
            Files.createDirectories(staged);
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
            Files.write(staged.resolve(ModelBundle.MANIFEST), json);
            String file = o.get("file").asText();
            if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
                throw new ModelBundleException(manifestFile, "file must be a plain file name, was \"" + file + "\"");
            }
            Files.write(staged.resolve(file), bytes);
            ModelBundle parsed;
            try {
                parsed = ModelBundle.load(staged);
            } catch (ModelBundleException e) {
                throw new ModelBundleException(manifestFile, e.problem(), e);
            }
            try {
                parsed.requireTensorsMatch(io.inputs(), io.outputs());
            } catch (ModelBundleException e) {
                throw new ModelBundleException(manifestFile, e.problem(), e);
            }
            ModelManifest m = parsed.manifest();
            return ModelBundle.write(destRoot.resolve(m.name()).resolve(m.version()), m, bytes);
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, Object value) {
        if (!o.has(field)) {
            o.set(field, JSON.valueToTree(value));
        }
    }

    private static byte[] readModel(Path modelFile) throws IOException {
        try {
            byte[] b = Files.readAllBytes(modelFile);
            if (b.length == 0) {
                throw new ModelBundleException(modelFile, "file is empty");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new ModelBundleException(modelFile, "file is missing", e);
        }
    }

    private static ModelFormat format(Path modelFile) throws ModelBundleException {
        try {
            return ModelFormat.fromFileName(modelFile.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(modelFile, e.getMessage(), e);
        }
    }

    /** The model's inputs and outputs, read by opening it in its runtime. */
    private record Io(List<TensorSpec> inputs, List<TensorSpec> outputs) {}

    private static Io tensors(Path file, byte[] bytes, ModelFormat format) throws ModelBundleException {
        try (ModelRunner r = format == ModelFormat.TFLITE ? TfliteRunner.open(bytes, 1)
                : OnnxRunner.open(bytes, OnnxOptions.CPU)) {
            return new Io(r.inputs(), r.outputs());
        } catch (ModelLoadException e) {
            throw new ModelBundleException(file, e.getMessage(), e);
        }
    }
}
