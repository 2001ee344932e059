package dev.cascade.model.factory.inspect;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorType;

/** Describes any {@code .tflite} or {@code .onnx} file from its bytes, without running it. */
public final class ModelInspector {
    private ModelInspector() {}

    /**
     * Describes a model file; the format is recognised from its content.
     *
     * @throws IllegalArgumentException if the bytes are neither a TFLite nor an ONNX model
     */
    public static ModelDescription inspect(byte[] bytes) {
        if (bytes.length >= 8 && new String(bytes, 4, 4, StandardCharsets.US_ASCII).equals("TFL3")) {
            try {
                return tflite(bytes);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a valid TFLite flatbuffer (truncated or corrupt): " + e, e);
            }
        }
        try {
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(bytes);
            if (!m.hasGraph()) {
                throw new IllegalArgumentException("neither a TFLite model (no TFL3 identifier) nor an ONNX model (no"
                        + " graph)");
            }
            return onnx(bytes, m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("neither a TFLite model (no TFL3 identifier) nor an ONNX model ("
                    + e.getMessage() + ")", e);
        }
    }

    private static ModelDescription tflite(byte[] bytes) {
        Model m = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        if (m.subgraphsLength() < 1) {
            throw new IllegalArgumentException("model has no subgraph");
        }
        SubGraph g = m.subgraphs(0);
        List<TensorSpec> tensors = new ArrayList<>();
        long params = 0;
        for (int i = 0; i < g.tensorsLength(); i++) {
            Tensor t = g.tensors(i);
            TensorSpec spec = tfliteTensor(t);
            tensors.add(spec);
            if (t.buffer() > 0 && t.buffer() < m.buffersLength() && m.buffers((int) t.buffer()).dataLength() > 0) {
                params += spec.exampleSize();
            }
        }
        List<TensorSpec> in = new ArrayList<>();
        for (int i = 0; i < g.inputsLength(); i++) {
            in.add(tensors.get(g.inputs(i)));
        }
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < g.outputsLength(); i++) {
            out.add(tensors.get(g.outputs(i)));
        }
        Map<String, Integer> ops = new LinkedHashMap<>();
        for (int i = 0; i < g.operatorsLength(); i++) {
            OperatorCode oc = m.operatorCodes((int) g.operators(i).opcodeIndex());
            int code = Math.max(oc.deprecatedBuiltinCode(), oc.builtinCode());
            String name = code == BuiltinOperator.CUSTOM ? "CUSTOM \"" + oc.customCode() + "\"" : builtinName(code);
            ops.merge(name + " v" + Math.max(1, oc.version()), 1, Integer::sum);
        }
        String desc = m.description() == null ? "" : m.description();
        return new ModelDescription("tflite", bytes.length, Sha256.hex(bytes), desc,
                "schema v" + m.version() + ", " + m.subgraphsLength() + " subgraph(s)", in, out, ops, tensors, params);
    }

    private static TensorSpec tfliteTensor(Tensor t) {
        List<Integer> shape = new ArrayList<>();
        for (int d = 0; d < t.shapeLength(); d++) {
            int sig = t.shapeSignatureLength() > d ? t.shapeSignature(d) : t.shape(d);
            shape.add(sig < 0 ? -1 : t.shape(d));
        }
        Quantization q = Quantization.NONE;
        QuantizationParameters qp = t.quantization();
        if (qp != null && qp.scaleLength() > 0) {
            float[] s = new float[qp.scaleLength()];
            int[] z = new int[qp.scaleLength()];
            for (int i = 0; i < s.length; i++) {
                s[i] = qp.scale(i);
                z[i] = qp.zeroPointLength() > i ? (int) qp.zeroPoint(i) : 0;
            }
            boolean valid = true;
            for (float v : s) {
                valid &= v > 0 && Float.isFinite(v);
            }
            if (valid) {
                q = s.length == 1 ? Quantization.perTensor(s[0], z[0])
                        : Quantization.perChannel(s, z, qp.quantizedDimension());
            }
        }
        return new TensorSpec(t.name() == null ? "" : t.name(), tfliteType(t.type()), shape, q);
    }

    private static DType tfliteType(byte type) {
        switch (type) {
            case TensorType.FLOAT32:
                return DType.FLOAT32;
            case TensorType.FLOAT16:
                return DType.FLOAT16;
            case TensorType.FLOAT64:
                return DType.FLOAT64;
            case TensorType.INT8:
                return DType.INT8;
            case TensorType.UINT8:
                return DType.UINT8;
            case TensorType.INT16:
                return DType.INT16;
            case TensorType.INT32:
                return DType.INT32;
            case TensorType.INT64:
                return DType.INT64;
            case TensorType.BOOL:
                return DType.BOOL;
            default:
                return DType.OTHER;
        }
    }

    static String builtinName(int code) {
        try {
            return BuiltinOperator.name(code);
        } catch (ArrayIndexOutOfBoundsException e) {
            return "BUILTIN_" + code;
        }
    }

    private static ModelDescription onnx(byte[] bytes, OnnxMl.ModelProto m) {
        OnnxMl.GraphProto g = m.getGraph();
        Set<String> initNames = new HashSet<>();
        List<TensorSpec> tensors = new ArrayList<>();
        long params = 0;
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            initNames.add(t.getName());
            List<Integer> shape = new ArrayList<>();
            long n = 1;
            for (long d : t.getDimsList()) {
                shape.add((int) d);
                n *= d;
            }
            params += n;
            tensors.add(new TensorSpec(t.getName(), onnxType(t.getDataType()), shape, Quantization.NONE));
        }
        List<TensorSpec> in = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!initNames.contains(v.getName())) {
                in.add(valueInfo(v));
            }
        }
        List<TensorSpec> out = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            out.add(valueInfo(v));
        }
        Map<String, Integer> ops = new LinkedHashMap<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            String dom = n.getDomain().isEmpty() ? "" : n.getDomain() + ".";
            ops.merge(dom + n.getOpType(), 1, Integer::sum);
        }
        StringBuilder opsets = new StringBuilder("IR v" + m.getIrVersion());
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
            opsets.append(", opset ").append(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()).append(' ')
                    .append(o.getVersion());
        }
        String producer = (m.getProducerName() + " " + m.getProducerVersion()).strip();
        return new ModelDescription("onnx", bytes.length, Sha256.hex(bytes), producer, opsets.toString(), in, out, ops,
                tensors, params);
    }

    private static TensorSpec valueInfo(OnnxMl.ValueInfoProto v) {
        List<Integer> shape = new ArrayList<>();
        DType type = DType.OTHER;
        if (v.getType().hasTensorType()) {
            OnnxMl.TypeProto.Tensor tt = v.getType().getTensorType();
            type = onnxType(tt.getElemType());
            for (OnnxMl.TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
                shape.add(d.hasDimValue() ? (int) d.getDimValue() : -1);
            }
        }
        return new TensorSpec(v.getName(), type, shape, Quantization.NONE);
    }

    private static DType onnxType(int t) {
        switch (t) {
            case 1:
                return DType.FLOAT32;
            case 2:
                return DType.UINT8;
            case 3:
                return DType.INT8;
            case 5:
                return DType.INT16;
            case 6:
                return DType.INT32;
            case 7:
                return DType.INT64;
            case 9:
                return DType.BOOL;
            case 10:
                return DType.FLOAT16;
            case 11:
                return DType.FLOAT64;
            default:
                return DType.OTHER;
        }
    }
}
