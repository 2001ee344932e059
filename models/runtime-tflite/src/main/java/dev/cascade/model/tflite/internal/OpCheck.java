package dev.cascade.model.tflite.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;

/** Reads a TFLite file's operator codes with the FlatBuffers schema classes. */
public final class OpCheck {
    private OpCheck() {}

    /** One operator code of a model: builtin code (or custom name) and version. */
    public record Op(int builtinCode, String customName, int version) {
        /** A readable name, e.g. {@code FULLY_CONNECTED v4} or {@code CUSTOM "Foo" v1}. */
        public String display() {
            return (customName != null ? "CUSTOM \"" + customName + "\"" : builtinName(builtinCode)) + " v" + version;
        }
    }

    /** Whether the bytes carry the TFLite file identifier {@code TFL3}. */
    public static boolean hasIdentifier(byte[] bytes) {
        return bytes.length >= 8 && new String(bytes, 4, 4, StandardCharsets.US_ASCII).equals("TFL3");
    }

    public static List<Op> operators(byte[] bytes) {
        Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < model.operatorCodesLength(); i++) {
            OperatorCode oc = model.operatorCodes(i);
            int code = Math.max(oc.deprecatedBuiltinCode(), oc.builtinCode());
            String custom = code == BuiltinOperator.CUSTOM ? oc.customCode() : null;
            ops.add(new Op(code, custom, Math.max(1, oc.version())));
        }
        return ops;
    }

    /** The tensor indices of subgraph 0's inputs ({@code inputs}) or outputs. */
    public static int[] ioTensors(byte[] bytes, boolean inputs) {
        Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        if (model.subgraphsLength() < 1) {
            throw new IllegalArgumentException("model has no subgraph");
        }
        org.tensorflow.lite.schema.SubGraph g = model.subgraphs(0);
        int n = inputs ? g.inputsLength() : g.outputsLength();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = inputs ? g.inputs(i) : g.outputs(i);
        }
        return idx;
    }

    public static String builtinName(int code) {
        try {
            return BuiltinOperator.name(code);
        } catch (ArrayIndexOutOfBoundsException e) {
            return "BUILTIN_" + code;
        }
    }
}
