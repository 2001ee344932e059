package dev.cascade.model.factory.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.ScoringRule;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.factory.FactoryInfo;
import dev.cascade.model.factory.export.OnnxExporter;
import dev.cascade.model.factory.export.OnnxMlpReader;
import dev.cascade.model.factory.quant.Int8Quantizer;
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
 * One trained model (edge int8 or cloud float) with its task, features, scoring rule, threshold and metrics;
 * scores windows in Java exactly as the exported file does, and exports itself as a bundle. Immutable.
 */
public final class TrainedModel {
    private final String name;
    private final ModelTask task;
    private final ScoringRule scoring;
    private final Target target;
    private final FeatureSpec features;
    private final Mlp floatModel;
    private final QuantizedMlp int8Model;
    private final double threshold;
    private final Map<String, Double> metrics;
    private final TrainingSummary training;

    /**
     * A trained model.
     *
     * @param int8Model the quantised network for an edge model; null for a cloud model
     */
    public TrainedModel(String name, ModelTask task, ScoringRule scoring, Target target, FeatureSpec features,
            Mlp floatModel, QuantizedMlp int8Model, double threshold, Map<String, Double> metrics,
            TrainingSummary training) {
        if (target == Target.EDGE && int8Model == null) {
            throw new IllegalArgumentException("int8Model must be given for an edge model");
        }
        this.name = name;
        this.task = task;
        this.scoring = scoring;
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

    public ModelTask task() {
        return task;
    }

    public ScoringRule scoring() {
        return scoring;
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
    public TrainedModel withMetrics(Map<String, Double> more) {
        Map<String, Double> all = new TreeMap<>(metrics);
        all.putAll(more);
        return new TrainedModel(name, task, scoring, target, features, floatModel, int8Model, threshold, all, training);
    }

    /** This model with another threshold. */
    public TrainedModel withThreshold(double newThreshold) {
        return new TrainedModel(name, task, scoring, target, features, floatModel, int8Model, newThreshold, metrics, training);
    }

    /** Scores of windows, computed in Java as the exported model computes them (int8 for an edge model). */
    public float[] scores(float[][] windows) {
        return scoresOfFeatures(FeatureTable.extract(features, windows));
    }

    /** Scores of already extracted feature vectors. */
    public float[] scoresOfFeatures(float[][] fx) {
        Scorer scorer = new Scorer(scoring, threshold, features);
        float[] out = new float[floatModel.outputSize()];
        float[] s = new float[fx.length];
        for (int i = 0; i < fx.length; i++) {
            if (int8Model != null) {
                int8Model.run(fx[i], out);
            } else {
                floatModel.forward(fx[i], out);
            }
            s[i] = scorer.score(fx[i], out);
        }
        return s;
    }

    /** The same network run in float: the float twin of an edge model (itself for a cloud model). */
    public TrainedModel floatTwin() {
        return new TrainedModel(name, task, scoring, Target.CLOUD, features, floatModel, null, threshold, metrics,
                training);
    }

    /**
     * The float model in a bundle written by this factory (an ONNX chain of Gemm and Relu nodes), to be
     * re-quantised or re-exported.
     *
     * @throws IllegalArgumentException if the bundle is not such a float ONNX model
     */
    public static TrainedModel fromBundle(ModelBundle bundle) {
        ModelManifest m = bundle.manifest();
        if (m.format() != ModelFormat.ONNX) {
            throw new IllegalArgumentException(bundle.dir() + ": model must be a float .onnx bundle (int8 .tflite"
                    + " files cannot be re-quantised), was " + m.format().wireName());
        }
        Mlp mlp;
        try {
            mlp = OnnxMlpReader.read(bundle.modelBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(bundle.dir().resolve(m.file()) + ": " + e.getMessage(), e);
        }
        return new TrainedModel(m.name(), m.task(), m.scoring(), Target.CLOUD, m.features(), mlp, null, m.threshold(),
                m.metrics(), m.training());
    }

    /**
     * This model's network quantised to int8 as an edge model named {@code newName}, with activation ranges from
     * the features of {@code calibrationWindows}. An anomaly model's threshold is re-calibrated on those (normal)
     * windows at {@code falseAlarmRate}; a forecast model keeps its irrigation level.
     */
    public TrainedModel quantize(float[][] calibrationWindows, boolean perChannel, String newName,
            double falseAlarmRate) {
        float[][] fx = FeatureTable.extract(features, calibrationWindows);
        QuantizedMlp q = Int8Quantizer.quantize(floatModel, fx, perChannel);
        Map<String, Double> m = new TreeMap<>(metrics);
        m.remove("sizeBytes");
        TrainedModel edge = new TrainedModel(newName, task, scoring, Target.EDGE, features, floatModel, q, threshold, m,
                training);
        if (task == ModelTask.ANOMALY) {
            float[] s = edge.scoresOfFeatures(fx);
            float[] sorted = s.clone();
            java.util.Arrays.sort(sorted);
            int k = (int) Math.ceil((1 - falseAlarmRate) * sorted.length) - 1;
            edge = edge.withThreshold(sorted[Math.max(0, Math.min(sorted.length - 1, k))]);
        }
        return edge;
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
        int m = floatModel.outputSize();
        List<TensorSpec> in;
        List<TensorSpec> out;
        if (target == Target.EDGE) {
            in = List.of(new TensorSpec("input", DType.INT8, List.of(1, n),
                    Quantization.perTensor(int8Model.inputScale(), int8Model.inputZeroPoint())));
            out = List.of(new TensorSpec("output", DType.INT8, List.of(1, m),
                    Quantization.perTensor(int8Model.outputScale(), int8Model.outputZeroPoint())));
        } else {
            in = List.of(new TensorSpec(OnnxExporter.INPUT, DType.FLOAT32, List.of(-1, n), Quantization.NONE));
            out = List.of(new TensorSpec(OnnxExporter.OUTPUT, DType.FLOAT32, List.of(-1, m), Quantization.NONE));
        }
        Map<String, Double> all = new TreeMap<>(metrics);
        all.put("sizeBytes", (double) modelBytes.length);
        all.put("parameters", (double) floatModel.parameterCount());
        String file = "model" + format().extension();
        return new ModelManifest(ModelManifest.SCHEMA_VERSION, name, version, task, format(), file,
                Sha256.hex(modelBytes), in, out, features, scoring, threshold, all, training, FactoryInfo.CREATED_BY,
                "");
    }

    /**
     * Writes a cloud anomaly model as {@code <root>/<name>-fft/<version>/}: an ONNX graph that takes raw windows
     * and does the FFT, features and scoring inside (ONNX {@code DFT}, opset 17), so a GPU worker runs the
     * preprocessing too. Its manifest has {@code identity} features and scores output 0.
     */
    public ModelBundle exportWithSpectralFrontEnd(Path root, String version) throws IOException {
        if (task != ModelTask.ANOMALY || !features.type().isSpectral()) {
            throw new IllegalStateException("only spectral anomaly models have a spectral front end, " + name
                    + " is " + task.wireName() + " on " + features.type().wireName());
        }
        String fftName = name + "-fft";
        byte[] bytes = OnnxExporter.writeWithSpectralFrontEnd(floatModel, features, fftName);
        int w = features.windowSize();
        List<TensorSpec> in = List.of(new TensorSpec(OnnxExporter.INPUT, DType.FLOAT32, List.of(-1, w),
                Quantization.NONE));
        List<TensorSpec> out = List.of(new TensorSpec(OnnxExporter.SCORE, DType.FLOAT32, List.of(-1, 1),
                Quantization.NONE));
        Map<String, Double> all = new TreeMap<>(metrics);
        all.put("sizeBytes", (double) bytes.length);
        all.put("parameters", (double) floatModel.parameterCount());
        ModelManifest m = new ModelManifest(ModelManifest.SCHEMA_VERSION, fftName, version, task, ModelFormat.ONNX,
                "model.onnx", Sha256.hex(bytes), in, out,
                FeatureSpec.identity(w, features.channels(), features.sampleRateHz()),
                ScoringRule.output(0, 1f, 0f, true), threshold, all, training, FactoryInfo.CREATED_BY, "");
        return ModelBundle.write(root.resolve(fftName).resolve(version), m, bytes);
    }

    /** Writes the bundle {@code <root>/<name>/<version>/} (model file + manifest; unsigned). */
    public ModelBundle export(Path root, String version) throws IOException {
        byte[] bytes = modelBytes();
        return ModelBundle.write(root.resolve(name).resolve(version), manifest(version, bytes), bytes);
    }
}
