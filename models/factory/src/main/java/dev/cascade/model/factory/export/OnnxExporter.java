package dev.cascade.model.factory.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.cascade.model.factory.nn.Activation;
import dev.cascade.model.factory.nn.DenseLayer;
import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.features.FeatureType;
import dev.cascade.model.features.LogBandEnergyStats;
import dev.cascade.model.features.internal.LogBandEnergyExtractor;
import dev.cascade.model.internal.FloatLists;
import java.util.List;

/**
 * Writes a float dense network as an ONNX model (opset 17) with the protobuf classes of
 * {@code tribuo-util-onnx}: {@code Gemm(transB=1)} and {@code Relu} nodes, input {@code [N, n]} with a dynamic
 * batch {@code N}, output {@code [N, m]}. The same network always gives the same bytes.
 */
public final class OnnxExporter {
    /** The opset written (17 is the first with DFT). */
    public static final int OPSET = 17;
    /** The ONNX IR version written. */
    public static final int IR_VERSION = 8;
    /** Name of the graph input. */
    public static final String INPUT = "input";
    /** Name of the graph output. */
    public static final String OUTPUT = "output";

    private OnnxExporter() {}

    private static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxGraph.intAttr(name, value);
    }

    private static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        return OnnxGraph.intsAttr(name, values);
    }

    /** The network alone: features in, network output out. */
    public static byte[] write(Mlp model, String graphName) {
        OnnxGraph g = new OnnxGraph(graphName);
        g.input(INPUT, model.inputSize());
        g.mlp(model, INPUT, "dense", OUTPUT);
        g.output(OUTPUT, model.outputSize());
        return g.toBytes();
    }

    /** Name of the score output of a graph with the spectral front end. */
    public static final String SCORE = "score";

    /**
     * Raw windows in, anomaly score out: the FFT (ONNX {@code DFT}), band energies, time statistics and
     * normalisation of {@code features} computed inside the graph, then the autoencoder and its reconstruction
     * MSE, so a GPU worker runs the whole preprocessing too. Input {@code [N, windowSize]} (one channel), output
     * {@code [N, 1]}.
     *
     * @param features a normalised single-channel {@code log_band_energy} or {@code log_band_energy_stats} spec
     *     with FFT size equal to the window size
     */
    public static byte[] writeWithSpectralFrontEnd(Mlp autoencoder, FeatureSpec features, String graphName) {
        if (!features.type().isSpectral() || features.channels() != 1 || features.fftSize() != features.windowSize()
                || !features.isNormalized()) {
            throw new IllegalArgumentException("features must be a normalised one-channel spectral spec with fftSize"
                    + " = windowSize, was " + features.type().wireName() + " with " + features.channels()
                    + " channel(s), fftSize " + features.fftSize() + ", windowSize " + features.windowSize());
        }
        if (autoencoder.inputSize() != features.outputSize() || autoencoder.outputSize() != features.outputSize()) {
            throw new IllegalArgumentException("autoencoder must map " + features.outputSize() + " features to "
                    + features.outputSize() + ", maps " + autoencoder.inputSize() + " to " + autoencoder.outputSize());
        }
        int w = features.windowSize();
        int bins = features.fftSize() / 2 + 1;
        int bands = features.bandCount();
        OnnxGraph g = new OnnxGraph(graphName);
        g.input(INPUT, w);
        // Spectrum: Hann window, DFT (onesided), |X|^2 summed into bands, ln(E / W + floor).
        String xw = g.node("Mul", List.of(INPUT, g.constant("hann", LogBandEnergyExtractor.hann(w), w)));
        String x3 = g.node("Unsqueeze", List.of(xw, g.constantLongs("axis2", 2)));
        String dft = g.node("DFT", List.of(x3), intAttr("axis", 1), intAttr("onesided", 1));
        String pw = g.node("ReduceSum", List.of(g.node("Mul", List.of(dft, dft)), g.constantLongs("lastAxis", 2)),
                intAttr("keepdims", 0));
        float[] bandMatrix = new float[bins * bands];
        int[][] bb = LogBandEnergyExtractor.bandBins(features);
        for (int b = 0; b < bands; b++) {
            for (int k = bb[0][b]; k < bb[1][b]; k++) {
                bandMatrix[k * bands + b] = 1f;
            }
        }
        String e = g.node("MatMul", List.of(pw, g.constant("bands", bandMatrix, bins, bands)));
        String le = g.node("Log", List.of(g.node("Add", List.of(
                g.node("Mul", List.of(e, g.constant("invWindow", new float[] {1f / w}, 1))),
                g.constant("logFloor", new float[] {LogBandEnergyExtractor.LOG_FLOOR}, 1)))));
        String raw = le;
        if (features.type() == FeatureType.LOG_BAND_ENERGY_STATS) {
            raw = g.node("Concat", List.of(le, statistics(g)), intAttr("axis", 1));
        }
        float[] mean = FloatLists.toFloats(features.mean());
        float[] invStd = FloatLists.toFloats(features.std());
        for (int i = 0; i < invStd.length; i++) {
            invStd[i] = 1f / invStd[i];
        }
        int n = features.outputSize();
        String feats = g.node("Mul", List.of(g.node("Sub", List.of(raw, g.constant("mean", mean, n))),
                g.constant("invStd", invStd, n)));
        String recon = g.mlp(autoencoder, feats, "dense", null);
        String diff = g.node("Sub", List.of(recon, feats));
        g.namedNode(SCORE, "ReduceMean", List.of(g.node("Mul", List.of(diff, diff))), intsAttr("axes", 1),
                intAttr("keepdims", 1));
        g.output(SCORE, 1);
        return g.toBytes();
    }

    /** ln RMS, ln kurtosis, ln crest factor of the mean-removed input, [N, 3]. */
    private static String statistics(OnnxGraph g) {
        OnnxMl.AttributeProto axes = intsAttr("axes", 1);
        OnnxMl.AttributeProto keep = intAttr("keepdims", 1);
        String d = g.node("Sub", List.of(INPUT, g.node("ReduceMean", List.of(INPUT), axes, keep)));
        String d2 = g.node("Mul", List.of(d, d));
        String var = g.node("Add", List.of(g.node("ReduceMean", List.of(d2), axes, keep),
                g.constant("varFloor", new float[] {(float) LogBandEnergyStats.VARIANCE_FLOOR}, 1)));
        String m4 = g.node("ReduceMean", List.of(g.node("Mul", List.of(d2, d2))), axes, keep);
        String ratioFloor = g.constant("ratioFloor", new float[] {(float) LogBandEnergyStats.RATIO_FLOOR}, 1);
        String lnRms = g.node("Mul", List.of(g.node("Log", List.of(var)), g.constant("half", new float[] {0.5f}, 1)));
        String kurt = g.node("Div", List.of(m4, g.node("Mul", List.of(var, var))));
        String lnKurt = g.node("Log", List.of(g.node("Add", List.of(kurt, ratioFloor))));
        String peak = g.node("ReduceMax", List.of(g.node("Abs", List.of(d))), axes, keep);
        String crest = g.node("Div", List.of(peak, g.node("Sqrt", List.of(var))));
        String lnCrest = g.node("Log", List.of(g.node("Add", List.of(crest, ratioFloor))));
        return g.node("Concat", List.of(lnRms, lnKurt, lnCrest), intAttr("axis", 1));
    }

    /** Builds graphs node by node. */
    static final class OnnxGraph {
        final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
        private int nodes;

        OnnxGraph(String name) {
            graph.setName(name);
        }

        void input(String name, int... dims) {
            graph.addInput(valueInfo(name, dims));
        }

        void output(String name, int... dims) {
            graph.addOutput(valueInfo(name, dims));
        }

        /** A float initializer of the given shape (little-endian raw data). */
        String constant(String name, float[] values, long... dims) {
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                    .setRawData(ByteString.copyFrom(TfliteExporter.floatBytes(values)));
            for (long d : dims) {
                t.addDims(d);
            }
            graph.addInitializer(t);
            return name;
        }

        /** An int64 initializer (shapes, axes). */
        String constantLongs(String name, long... values) {
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                    .addDims(values.length);
            for (long v : values) {
                t.addInt64Data(v);
            }
            graph.addInitializer(t);
            return name;
        }

        /** Adds a node with a generated output name; returns that name. */
        String node(String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
            return namedNode(op.toLowerCase(java.util.Locale.ROOT) + "_" + nodes, op, inputs, attributes);
        }

        /** Adds a node whose (single) output is called {@code out}. */
        String namedNode(String out, String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
            nodes++;
            OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder()
                    .setOpType(op)
                    .setName(out)
                    .addAllInput(inputs)
                    .addOutput(out);
            for (OnnxMl.AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            graph.addNode(n);
            return out;
        }

        /** The network's nodes from {@code x}; the last node's output is called {@code out}. */
        String mlp(Mlp model, String x, String prefix, String out) {
            String h = x;
            List<DenseLayer> layers = model.layers();
            for (int l = 0; l < layers.size(); l++) {
                DenseLayer d = layers.get(l);
                boolean last = l == layers.size() - 1;
                boolean relu = d.activation() == Activation.RELU;
                String w = constant(prefix + "_" + l + "/weights", d.weights(), d.outputs(), d.inputs());
                String b = constant(prefix + "_" + l + "/bias", d.bias(), d.outputs());
                OnnxMl.AttributeProto transB = intAttr("transB", 1);
                h = last && !relu && out != null ? namedNode(out, "Gemm", List.of(h, w, b), transB)
                        : node("Gemm", List.of(h, w, b), transB);
                if (relu) {
                    h = last && out != null ? namedNode(out, "Relu", List.of(h)) : node("Relu", List.of(h));
                }
            }
            return h;
        }

        static OnnxMl.AttributeProto intAttr(String name, long value) {
            return OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
        }

        static OnnxMl.AttributeProto intsAttr(String name, long... values) {
            OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return a.build();
        }

        private static OnnxMl.ValueInfoProto valueInfo(String name, int... dims) {
            OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
            for (int d : dims) {
                shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                    .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                    .build();
        }

        byte[] toBytes() {
            return OnnxMl.ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .setProducerName("cascade-model-factory")
                    .setProducerVersion("0.1")
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setGraph(graph)
                    .build()
                    .toByteArray();
        }
    }
}
