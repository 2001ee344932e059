package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.checks.Checks;
import dev.cascade.model.tensor.TensorSpec;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The model card stored as {@code manifest.json} beside a model file: identity, the file's checksum, its
 * tensors, the feature settings, the scoring rule and threshold, measured metrics and where the training
 * data came from.
 *
 * @param schemaVersion manifest format version ({@value #SCHEMA_VERSION})
 * @param name model name, 1-64 of {@code [a-z0-9._-]}
 * @param version model version, 1-32 of {@code [A-Za-z0-9._+-]}
 * @param task what the model does
 * @param format the model file's format
 * @param file the model file's name inside the bundle folder
 * @param sha256 lower-case hex SHA-256 of the model file
 * @param inputs input tensors as in the file (the first one takes the features)
 * @param outputs output tensors as in the file (the first one is scored)
 * @param features how windows become the model input
 * @param scoring how the output becomes a score
 * @param threshold the decision threshold on the score
 * @param metrics measured figures (auc, maeModel, sizeBytes, ...), sorted by key
 * @param training where the training data came from
 * @param createdBy the tool that made the bundle
 * @param createdAt when, ISO-8601, or empty for reproducible builds
 * @param calibration the uncertainty band and training feature range measured by the factory, or null (older
 *     bundles, models made elsewhere): the edge then falls back to its configured band
 * @param selfTest the bundle's self-test file (reference windows and the scores they must give) and its SHA-256, or
 *     null: an agent runs it before it swaps an over-the-air update in
 */
@JsonPropertyOrder({"schemaVersion", "name", "version", "task", "format", "file", "sha256", "inputs", "outputs",
    "features", "scoring", "threshold", "metrics", "training", "createdBy", "createdAt", "calibration", "selfTest"})
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ModelManifest(
        int schemaVersion,
        String name,
        String version,
        ModelTask task,
        ModelFormat format,
        String file,
        String sha256,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        FeatureSpec features,
        ScoringRule scoring,
        Double threshold,
        Map<String, Double> metrics,
        TrainingSummary training,
        String createdBy,
        String createdAt,
        Calibration calibration,
        BundleFile selfTest) {

    public static final int SCHEMA_VERSION = 1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelManifest {
        Checks.check(schemaVersion == SCHEMA_VERSION, "schemaVersion", String.valueOf(SCHEMA_VERSION), schemaVersion);
        Checks.check(name != null && NAME.matcher(name).matches(), "name",
                "1-64 characters of [a-z0-9._-] starting with a letter or digit", Checks.quote(name));
        Checks.check(version != null && VERSION.matcher(version).matches(), "version",
                "1-32 characters of [A-Za-z0-9._+-]", Checks.quote(version));
        Checks.notNull(task, "task");
        Checks.notNull(format, "format");
        Checks.check(file != null && FILE.matcher(file).matches() && !file.equals(ModelBundle.MANIFEST)
                        && !file.equals(ModelBundle.SIGNATURE), "file",
                "a plain file name (no folders) other than the manifest and signature", Checks.quote(file));
        Checks.check(file.endsWith(format.extension()), "file", "a name ending in " + format.extension(),
                Checks.quote(file));
        Checks.check(sha256 != null && SHA256.matcher(sha256).matches(), "sha256", "64 lower-case hex digits",
                Checks.quote(sha256));
        inputs = Checks.immutable(inputs, "inputs");
        outputs = Checks.immutable(outputs, "outputs");
        Checks.check(!inputs.isEmpty(), "inputs", "non-empty", inputs);
        Checks.check(!outputs.isEmpty(), "outputs", "non-empty", outputs);
        Checks.notNull(features, "features");
        Checks.notNull(scoring, "scoring");
        Checks.notNull(threshold, "threshold");
        Checks.finite(threshold, "threshold");
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
        metrics.forEach((k, v) -> Checks.check(v != null && Double.isFinite(v), "metrics." + k, "finite", v));
        Checks.notNull(training, "training");
        Checks.notBlank(createdBy, "createdBy");
        createdAt = createdAt == null ? "" : createdAt;

        int modelIn = inputs.get(0).exampleSize();
        Checks.check(features.outputSize() == modelIn, "features",
                "producing as many values as inputs[0] takes (" + modelIn + ")", features.outputSize());
        int modelOut = outputs.get(0).exampleSize();
        if (scoring.kind() == ScoringRule.Kind.RECONSTRUCTION_MSE) {
            Checks.check(modelOut == features.outputSize(), "outputs[0]",
                    "as large as the features (" + features.outputSize() + ") for reconstruction_mse", modelOut);
        } else {
            Checks.check(scoring.outputIndex() < modelOut, "scoring.outputIndex", "< outputs[0] size " + modelOut,
                    scoring.outputIndex());
        }
        if (calibration != null && !calibration.featureMin().isEmpty()) {
            Checks.check(calibration.featureMin().size() == features.outputSize(), "calibration.featureMin",
                    "one value per feature (" + features.outputSize() + ")", calibration.featureMin().size());
        }
        if (selfTest != null) {
            Checks.check(!selfTest.file().equals(file), "selfTest.file", "a file other than the model file",
                    Checks.quote(selfTest.file()));
        }
    }

    /** A manifest without a self-test. */
    public ModelManifest(int schemaVersion, String name, String version, ModelTask task, ModelFormat format, String file,
                         String sha256, List<TensorSpec> inputs, List<TensorSpec> outputs, FeatureSpec features,
                         ScoringRule scoring, Double threshold, Map<String, Double> metrics, TrainingSummary training,
                         String createdBy, String createdAt, Calibration calibration) {
        this(schemaVersion, name, version, task, format, file, sha256, inputs, outputs, features, scoring, threshold,
                metrics, training, createdBy, createdAt, calibration, null);
    }

    /** This manifest with {@code f} as its self-test file. */
    public ModelManifest withSelfTest(BundleFile f) {
        return new ModelManifest(schemaVersion, name, version, task, format, file, sha256, inputs, outputs,
                features, scoring, threshold, metrics, training, createdBy, createdAt, calibration, f);
    }

    /** A manifest without calibration. */
    public ModelManifest(int schemaVersion, String name, String version, ModelTask task, ModelFormat format, String file,
                         String sha256, List<TensorSpec> inputs, List<TensorSpec> outputs, FeatureSpec features,
                         ScoringRule scoring, Double threshold, Map<String, Double> metrics, TrainingSummary training,
                         String createdBy, String createdAt) {
        this(schemaVersion, name, version, task, format, file, sha256, inputs, outputs, features, scoring, threshold,
                metrics, training, createdBy, createdAt, null, null);
    }

    /** This manifest with {@code c} as its calibration. */
    public ModelManifest withCalibration(Calibration c) {
        return new ModelManifest(schemaVersion, name, version, task, format, file, sha256, inputs, outputs,
                features, scoring, threshold, metrics, training, createdBy, createdAt, c, selfTest);
    }

    public ModelManifest withSha256(String newSha256) {
        return new ModelManifest(schemaVersion, name, version, task, format, file, newSha256, inputs, outputs,
                features, scoring, threshold, metrics, training, createdBy, createdAt, calibration, selfTest);
    }

    public ModelManifest withThreshold(double newThreshold) {
        return new ModelManifest(schemaVersion, name, version, task, format, file, sha256, inputs, outputs,
                features, scoring, newThreshold, metrics, training, createdBy, createdAt, calibration, selfTest);
    }

    /** This manifest with {@code more} metrics added (replacing those of the same name). */
    public ModelManifest withMetrics(Map<String, Double> more) {
        Map<String, Double> all = new TreeMap<>(metrics);
        all.putAll(more);
        return new ModelManifest(schemaVersion, name, version, task, format, file, sha256, inputs, outputs,
                features, scoring, threshold, all, training, createdBy, createdAt, calibration, selfTest);
    }

    public ModelManifest withVersion(String newVersion) {
        return new ModelManifest(schemaVersion, name, newVersion, task, format, file, sha256, inputs, outputs,
                features, scoring, threshold, metrics, training, createdBy, createdAt, calibration, selfTest);
    }

    /** {@code name@version}. */
    public String ref() {
        return name + "@" + version;
    }
}
