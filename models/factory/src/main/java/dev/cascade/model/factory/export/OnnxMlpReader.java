package dev.cascade.model.factory.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.model.factory.nn.Activation;
import dev.cascade.model.factory.nn.DenseLayer;
import dev.cascade.model.factory.nn.Mlp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dense network back from an ONNX graph that is a chain of {@code Gemm(transB=1)} and {@code Relu}
 * nodes (as {@link OnnxExporter#write} writes them), so that a float cloud model can be re-quantised or
 * re-exported.
 */
public final class OnnxMlpReader {
    private OnnxMlpReader() {}

    /**
     * The network of the graph.
     *
     * @throws IllegalArgumentException if the bytes are not ONNX or the graph is not a Gemm/Relu chain
     */
    public static Mlp read(byte[] bytes) {
        OnnxMl.ModelProto m;
        try {
            m = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        Map<String, OnnxMl.TensorProto> init = new HashMap<>();
        for (OnnxMl.TensorProto t : m.getGraph().getInitializerList()) {
            init.put(t.getName(), t);
        }
        List<DenseLayer> layers = new ArrayList<>();
        List<OnnxMl.NodeProto> nodes = m.getGraph().getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            OnnxMl.NodeProto n = nodes.get(i);
            if (!n.getOpType().equals("Gemm")) {
                throw new IllegalArgumentException("only chains of Gemm and Relu nodes can be read back, found "
                        + n.getOpType() + " (node " + i + ")");
            }
            long transB = 0;
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("transB")) {
                    transB = a.getI();
                } else if (a.getName().equals("transA") && a.getI() != 0 || (a.getName().equals("alpha")
                        || a.getName().equals("beta")) && a.getF() != 1f) {
                    throw new IllegalArgumentException("Gemm node " + i + " has " + a.getName() + " other than the"
                            + " default");
                }
            }
            OnnxMl.TensorProto w = init.get(n.getInput(1));
            OnnxMl.TensorProto b = n.getInputCount() > 2 ? init.get(n.getInput(2)) : null;
            if (w == null || transB != 1 || w.getDimsCount() != 2) {
                throw new IllegalArgumentException("Gemm node " + i + " must have constant weights [out, in] with"
                        + " transB=1");
            }
            int out = (int) w.getDims(0);
            int in = (int) w.getDims(1);
            float[] bias = b == null ? new float[out] : floats(b);
            boolean relu = i + 1 < nodes.size() && nodes.get(i + 1).getOpType().equals("Relu");
            layers.add(new DenseLayer(in, out, floats(w), bias, relu ? Activation.RELU : Activation.NONE));
            if (relu) {
                i++;
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("graph has no Gemm node");
        }
        return new Mlp(layers);
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("initializer " + t.getName() + " must be float32");
        }
        if (!t.getRawData().isEmpty()) {
            float[] v = new float[t.getRawData().size() / 4];
            ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }
}
