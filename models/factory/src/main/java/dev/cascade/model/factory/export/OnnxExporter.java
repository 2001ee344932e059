package dev.cascade.model.factory.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.cascade.model.factory.nn.Activation;
import dev.cascade.model.factory.nn.DenseLayer;
import dev.cascade.model.factory.nn.Mlp;
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

    /** The network alone: features in, network output out. */
    public static byte[] write(Mlp model, String graphName) {
        OnnxGraph g = new OnnxGraph(graphName);
        g.input(INPUT, model.inputSize());
        g.mlp(model, INPUT, "dense", OUTPUT);
        g.output(OUTPUT, model.outputSize());
        return g.toBytes();
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
