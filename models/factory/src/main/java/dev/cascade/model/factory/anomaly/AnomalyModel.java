package dev.cascade.model.factory.anomaly;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.ScoringRule;
import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.factory.FactoryInfo;
import dev.cascade.model.factory.export.OnnxExporter;
import dev.cascade.model.factory.export.TfliteExporter;
import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.factory.quant.QuantizedMlp;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trained vibration anomaly model (edge int8 or cloud float) with its features, threshold and metrics;
 * scores windows in Java exactly as the exported file does, and exports itself as a bundle. Immutable.
 */
public final class AnomalyModel {
    private final String name;
    private final Target target;
    private final FeatureSpec features;
    private final Mlp floatModel;
    private final QuantizedMlp int8Model;
    private final double threshold;
    private final Map<String, Double> metrics;
    private final TrainingSummary training;

    AnomalyModel(String name, Target target, FeatureSpec features, Mlp floatModel, QuantizedMlp int8Model,
            double threshold, Map<String, Double> metrics, TrainingSummary training) {
        this.name = name;
        this.target = target;
        this.features = features;
        this.floatModel = floatModel;
        this.int8Model = int8Model;
        this.threshold = threshold;
        this.metrics = Map.copyOf(metrics);
        this.training = training;
    }

    public String name() {
        return name;
    }

    public Target target() {
        return target;
    }

    public FeatureSpec features() {
        return features;
    }

    /** The float network (for the edge model: the one it was quantised from). */
    public Mlp floatModel() {
        return floatModel;
    }

    /** The int8 network of an edge model; null for a cloud model. */
    public QuantizedMlp int8Model() {
        return int8Model;
    }

    public double threshold() {
        return threshold;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    public TrainingSummary training() {
        return training;
    }

    /** This model with more metrics (e.g. from an evaluation on labelled windows). */
    public AnomalyModel withMetrics(Map<String, Double> more) {
        Map<String, Double> all = new TreeMap<>(metrics);
        all.putAll(more);
        return new AnomalyModel(name, target, features, floatModel, int8Model, threshold, all, training);
    }

    /** This model with another threshold. */
    public AnomalyModel withThreshold(double newThreshold) {
        return new AnomalyModel(name, target, features, floatModel, int8Model, newThreshold, metrics, training);
    }

    /** Reconstruction-MSE scores of windows, computed in Java as the exported model computes them. */
    public float[] scores(float[][] windows) {
        float[][] fx = FeatureTable.extract(features, windows);
        return scoresOfFeatures(fx);
    }

    float[] scoresOfFeatures(float[][] fx) {
        float[] out = new float[features.outputSize()];
        float[] s = new float[fx.length];
        for (int i = 0; i < fx.length; i++) {
            if (int8Model != null) {
                int8Model.run(fx[i], out);
            } else {
                floatModel.forward(fx[i], out);
            }
            double e = 0;
            for (int j = 0; j < out.length; j++) {
                double d = fx[i][j] - out[j];
                e += d * d;
            }
            s[i] = (float) (e / out.length);
        }
        return s;
    }

    /** The model file: int8 {@code .tflite} for the edge, float {@code .onnx} for the cloud. */
    public byte[] modelBytes() {
        return target == Target.EDGE ? TfliteExporter.write(int8Model) : OnnxExporter.write(floatModel, name);
    }

    public ModelFormat format() {
        return target == Target.EDGE ? ModelFormat.TFLITE : ModelFormat.ONNX;
    }

    /** The manifest of this model at {@code version} (its SHA-256 is filled in when written). */
    public ModelManifest manifest(String version, byte[] modelBytes) {
        int n = features.outputSize();
        List<TensorSpec> in;
        List<TensorSpec> out;
        if (target == Target.EDGE) {
            in = List.of(new TensorSpec("input", DType.INT8, List.of(1, n),
                    Quantization.perTensor(int8Model.inputScale(), int8Model.inputZeroPoint())));
            out = List.of(new TensorSpec("output", DType.INT8, List.of(1, n),
                    Quantization.perTensor(int8Model.outputScale(), int8Model.outputZeroPoint())));
        } else {
            in = List.of(new TensorSpec(OnnxExporter.INPUT, DType.FLOAT32, List.of(-1, n), Quantization.NONE));
            out = List.of(new TensorSpec(OnnxExporter.OUTPUT, DType.FLOAT32, List.of(-1, n), Quantization.NONE));
        }
        Map<String, Double> m = new TreeMap<>(metrics);
        m.put("sizeBytes", (double) modelBytes.length);
        m.put("parameters", (double) floatModel.parameterCount());
        String file = "model" + format().extension();
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, version, ModelTask.ANOMALY, format(), file,
                dev.cascade.model.bundle.Sha256.hex(modelBytes), in, out, features, ScoringRule.reconstructionMse(),
                threshold, m, training, FactoryInfo.CREATED_BY, "");
    }

    /** Writes the bundle {@code <root>/<name>/<version>/} (model file + manifest; unsigned). */
    public ModelBundle export(Path root, String version) throws IOException {
        byte[] bytes = modelBytes();
        return ModelBundle.write(root.resolve(name).resolve(version), manifest(version, bytes), bytes);
    }
}
