package dev.cascade.model.factory.export;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.cascade.model.factory.nn.Activation;
import dev.cascade.model.factory.nn.DenseLayer;
import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.factory.quant.QuantizedLayer;
import dev.cascade.model.factory.quant.QuantizedMlp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Writes dense networks as {@code .tflite} files with the TFLite FlatBuffers schema classes: a chain of
 * FULLY_CONNECTED operators, input {@code [1, n]}, output {@code [1, m]}. Model version 3, an empty buffer 0,
 * constant buffers aligned to 16 bytes. The same network always gives the same bytes.
 */
public final class TfliteExporter {
    private static final String DESCRIPTION = "cascade-model-factory";

    private TfliteExporter() {}

    /** An int8 model: int8 input and output with the quantiser's scale and zero point. */
    public static byte[] write(QuantizedMlp model) {
        Graph g = new Graph();
        List<QuantizedLayer> layers = model.layers();
        int x = g.tensor("input", TensorType.INT8, new int[] {1, model.inputSize()}, 0,
                quant(new float[] {model.inputScale()}, new long[] {model.inputZeroPoint()}, 0));
        g.inputs = new int[] {x};
        for (int l = 0; l < layers.size(); l++) {
            QuantizedLayer q = layers.get(l);
            float[] ws = q.weightScales();
            long[] wz = new long[ws.length];
            int w = g.tensor("dense_" + l + "/weights", TensorType.INT8, new int[] {q.outputs(), q.inputs()},
                    g.buffer(q.weights()), quant(ws, wz, 0));
            float[] bs = new float[ws.length];
            for (int i = 0; i < bs.length; i++) {
                bs[i] = q.inputScale() * ws[i];
            }
            int b = g.tensor("dense_" + l + "/bias", TensorType.INT32, new int[] {q.outputs()},
                    g.buffer(intBytes(q.bias())), quant(bs, new long[bs.length], 0));
            boolean last = l == layers.size() - 1;
            int y = g.tensor(last ? "output" : "dense_" + l + "/output", TensorType.INT8, new int[] {1, q.outputs()}, 0,
                    quant(new float[] {q.outputScale()}, new long[] {q.outputZeroPoint()}, 0));
            g.fullyConnected(x, w, b, y, q.relu());
            x = y;
        }
        g.outputs = new int[] {x};
        return g.finish(4);
    }

    /** A float32 model (for comparison and for devices that prefer float). */
    public static byte[] write(Mlp model) {
        Graph g = new Graph();
        int x = g.tensor("input", TensorType.FLOAT32, new int[] {1, model.inputSize()}, 0, null);
        g.inputs = new int[] {x};
        List<DenseLayer> layers = model.layers();
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer d = layers.get(l);
            int w = g.tensor("dense_" + l + "/weights", TensorType.FLOAT32, new int[] {d.outputs(), d.inputs()},
                    g.buffer(floatBytes(d.weights())), null);
            int b = g.tensor("dense_" + l + "/bias", TensorType.FLOAT32, new int[] {d.outputs()},
                    g.buffer(floatBytes(d.bias())), null);
            boolean last = l == layers.size() - 1;
            int y = g.tensor(last ? "output" : "dense_" + l + "/output", TensorType.FLOAT32,
                    new int[] {1, d.outputs()}, 0, null);
            g.fullyConnected(x, w, b, y, d.activation() == Activation.RELU);
            x = y;
        }
        g.outputs = new int[] {x};
        return g.finish(1);
    }

    private static QuantizationParametersT quant(float[] scales, long[] zeroPoints, int dim) {
        QuantizationParametersT q = new QuantizationParametersT();
        q.setScale(scales);
        q.setZeroPoint(zeroPoints);
        q.setQuantizedDimension(dim);
        return q;
    }

    static byte[] intBytes(int[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(values);
        return bb.array();
    }

    static byte[] floatBytes(float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(values);
        return bb.array();
    }

    /** Tensors, buffers and operators of one subgraph under construction. */
    private static final class Graph {
        final List<TensorT> tensors = new ArrayList<>();
        final List<byte[]> buffers = new ArrayList<>(List.of(new byte[0]));
        final List<OperatorT> operators = new ArrayList<>();
        int[] inputs;
        int[] outputs;

        int buffer(byte[] data) {
            buffers.add(data);
            return buffers.size() - 1;
        }

        int tensor(String name, byte type, int[] shape, int buffer, QuantizationParametersT q) {
            TensorT t = new TensorT();
            t.setName(name);
            t.setType(type);
            t.setShape(shape);
            t.setBuffer(buffer);
            if (q != null) {
                t.setQuantization(q);
            }
            tensors.add(t);
            return tensors.size() - 1;
        }

        void fullyConnected(int x, int w, int b, int y, boolean relu) {
            FullyConnectedOptionsT o = new FullyConnectedOptionsT();
            o.setFusedActivationFunction(relu ? ActivationFunctionType.RELU : ActivationFunctionType.NONE);
            o.setWeightsFormat(FullyConnectedOptionsWeightsFormat.DEFAULT);
            o.setKeepNumDims(false);
            BuiltinOptionsUnion u = new BuiltinOptionsUnion();
            u.setType(BuiltinOptions.FullyConnectedOptions);
            u.setValue(o);
            OperatorT op = new OperatorT();
            op.setOpcodeIndex(0);
            op.setInputs(new int[] {x, w, b});
            op.setOutputs(new int[] {y});
            op.setBuiltinOptions(u);
            operators.add(op);
        }

        byte[] finish(int opVersion) {
            FlatBufferBuilder fbb = new FlatBufferBuilder(4096);
            int[] bufferOffsets = new int[buffers.size()];
            for (int i = buffers.size() - 1; i >= 0; i--) {
                byte[] data = buffers.get(i);
                if (data.length == 0) {
                    Buffer.startBuffer(fbb);
                    bufferOffsets[i] = Buffer.endBuffer(fbb);
                } else {
                    fbb.startVector(1, data.length, 16);
                    for (int k = data.length - 1; k >= 0; k--) {
                        fbb.addByte(data[k]);
                    }
                    bufferOffsets[i] = Buffer.createBuffer(fbb, fbb.endVector());
                }
            }
            OperatorCodeT code = new OperatorCodeT();
            code.setDeprecatedBuiltinCode((byte) BuiltinOperator.FULLY_CONNECTED);
            code.setBuiltinCode(BuiltinOperator.FULLY_CONNECTED);
            code.setVersion(opVersion);
            int codes = Model.createOperatorCodesVector(fbb, new int[] {OperatorCode.pack(fbb, code)});
            SubGraphT sg = new SubGraphT();
            sg.setName("main");
            sg.setTensors(tensors.toArray(new TensorT[0]));
            sg.setInputs(inputs);
            sg.setOutputs(outputs);
            sg.setOperators(operators.toArray(new OperatorT[0]));
            int subgraphs = Model.createSubgraphsVector(fbb, new int[] {SubGraph.pack(fbb, sg)});
            int description = fbb.createString(DESCRIPTION);
            int buffersVector = Model.createBuffersVector(fbb, bufferOffsets);
            Model.startModel(fbb);
            Model.addVersion(fbb, 3);
            Model.addOperatorCodes(fbb, codes);
            Model.addSubgraphs(fbb, subgraphs);
            Model.addDescription(fbb, description);
            Model.addBuffers(fbb, buffersVector);
            Model.finishModelBuffer(fbb, Model.endModel(fbb));
            return fbb.sizedByteArray();
        }
    }
}
