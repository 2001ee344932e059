package dev.cascade.model.tflite;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.QuantMath;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import dev.cascade.model.tflite.internal.OpCheck;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.TfLiteAffineQuantization;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * Runs a float or int8/uint8 TFLite model with the TFLite C++ runtime (JavaCPP presets), reading tensor
 * shapes and quantisation from the file. Feeds input 0 and reads output 0.
 *
 * <p>Not thread-safe: one runner per thread. Owns native memory: must be closed.
 */
public final class TfliteRunner implements ModelRunner {
    private final BytePointer modelData;
    private final FlatBufferModel model;
    private final OpResolver resolver;
    private final Interpreter interpreter;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final String backend;
    private final Port in;
    private final Port out;
    private boolean closed;

    private TfliteRunner(byte[] bytes, TfliteOptions options) {
        if (!OpCheck.hasIdentifier(bytes)) {
            throw new ModelLoadException("not a TFLite model: the file identifier TFL3 is missing ("
                    + bytes.length + " bytes)");
        }
        List<OpCheck.Op> ops;
        int[] inIdx;
        int[] outIdx;
        try {
            ops = OpCheck.operators(bytes);
            inIdx = OpCheck.ioTensors(bytes, true);
            outIdx = OpCheck.ioTensors(bytes, false);
        } catch (RuntimeException e) {
            throw new ModelLoadException("not a valid TFLite flatbuffer (truncated or corrupt): " + e, e);
        }
        BytePointer data = null;
        FlatBufferModel fb = null;
        OpResolver res = null;
        Interpreter interp = null;
        try {
            data = new BytePointer(bytes.length);
            data.put(bytes, 0, bytes.length);
            fb = FlatBufferModel.VerifyAndBuildFromBuffer(data, bytes.length);
            if (fb == null || fb.isNull()) {
                throw new ModelLoadException("not a valid TFLite flatbuffer: verification failed (truncated or"
                        + " corrupt)");
            }
            res = options.xnnpack() ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
            for (OpCheck.Op op : ops) {
                boolean found = op.customName() != null
                        ? res.FindOp(op.customName(), op.version()) != null
                                && !res.FindOp(op.customName(), op.version()).isNull()
                        : res.FindOp(op.builtinCode(), op.version()) != null
                                && !res.FindOp(op.builtinCode(), op.version()).isNull();
                if (!found) {
                    throw new ModelLoadException("unsupported operator " + op.display()
                            + ": this TFLite runtime (2.20 builtin ops) cannot run it");
                }
            }
            interp = new Interpreter((Pointer) null);
            try (InterpreterBuilder builder = new InterpreterBuilder(fb, res)) {
                builder.SetNumThreads(options.threads());
                int status = builder.apply(interp);
                if (status != tensorflowlite.kTfLiteOk || interp.isNull()) {
                    throw new ModelLoadException("TFLite could not build an interpreter for the model (status "
                            + status + ")");
                }
            }
            if (interp.AllocateTensors() != tensorflowlite.kTfLiteOk) {
                throw new ModelLoadException("TFLite could not allocate the model's tensors");
            }
            if (inIdx.length != 1 || outIdx.length < 1) {
                throw new ModelLoadException("model has " + inIdx.length + " inputs and " + outIdx.length
                        + " outputs; a ModelRunner feeds exactly one input and reads the first output");
            }
            this.inputs = specs(interp, inIdx);
            this.outputs = specs(interp, outIdx);
            this.in = new Port(interp.tensor(inIdx[0]), inputs.get(0), "input");
            this.out = new Port(interp.tensor(outIdx[0]), outputs.get(0), "output");
        } catch (RuntimeException e) {
            closeAll(interp, fb, res, data);
            throw e;
        }
        this.modelData = data;
        this.model = fb;
        this.resolver = res;
        this.interpreter = interp;
        this.backend = options.xnnpack() ? "tflite/xnnpack" : "tflite/builtin";
    }

    /** Loads a model from its bytes with {@code threads} interpreter threads and XNNPACK. */
    public static TfliteRunner open(byte[] modelBytes, int threads) {
        return open(modelBytes, new TfliteOptions(threads, true));
    }

    /**
     * Loads a model from its bytes.
     *
     * @throws ModelLoadException if the bytes are not a valid TFLite model, use an unsupported operator, or
     *     have an input/output type other than float32, int8 or uint8
     */
    public static TfliteRunner open(byte[] modelBytes, TfliteOptions options) {
        if (modelBytes == null || modelBytes.length == 0) {
            throw new ModelLoadException("not a TFLite model: no bytes");
        }
        return new TfliteRunner(modelBytes, options == null ? TfliteOptions.DEFAULT : options);
    }

    /**
     * Loads a bundle's model and checks that its tensors agree with the manifest.
     *
     * @throws ModelBundleException naming the model file or manifest and the problem
     */
    public static TfliteRunner open(ModelBundle bundle, TfliteOptions options) throws ModelBundleException {
        java.nio.file.Path file = bundle.dir().resolve(bundle.manifest().file());
        if (bundle.manifest().format() != ModelFormat.TFLITE) {
            throw new ModelBundleException(file, "format is " + bundle.manifest().format().wireName()
                    + ", not tflite");
        }
        TfliteRunner runner;
        try {
            runner = open(bundle.modelBytes(), options);
        } catch (ModelLoadException e) {
            throw new ModelBundleException(file, e.getMessage(), e);
        }
        try {
            bundle.requireTensorsMatch(runner.inputs(), runner.outputs());
        } catch (ModelBundleException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public void run(float[] input, float[] output) {
        checkOpen();
        in.checkArray(input, 1);
        out.checkArray(output, 1);
        invoke(input, 0, output, 0);
    }

    @Override
    public void runBatch(float[] inputs, int n, float[] outputs) {
        checkOpen();
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        in.checkArray(inputs, n);
        out.checkArray(outputs, n);
        for (int i = 0; i < n; i++) {
            invoke(inputs, i * in.size, outputs, i * out.size);
        }
    }

    private void invoke(float[] input, int inOff, float[] output, int outOff) {
        in.write(input, inOff);
        int status = interpreter.Invoke();
        if (status != tensorflowlite.kTfLiteOk) {
            throw new IllegalStateException("TFLite Invoke failed with status " + status);
        }
        out.read(output, outOff);
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeAll(interpreter, model, resolver, modelData);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("runner is closed");
        }
    }

    private static void closeAll(Pointer... pointers) {
        for (Pointer p : pointers) {
            if (p != null) {
                p.close();
            }
        }
    }

    private static List<TensorSpec> specs(Interpreter interp, int[] tensorIndices) {
        List<TensorSpec> specs = new ArrayList<>(tensorIndices.length);
        for (int index : tensorIndices) {
            specs.add(spec(interp.tensor(index)));
        }
        return List.copyOf(specs);
    }

    static TensorSpec spec(TfLiteTensor t) {
        List<Integer> shape = new ArrayList<>();
        for (int d = 0; d < t.dims().size(); d++) {
            shape.add(t.dims().data(d));
        }
        String name = t.name() == null || t.name().isNull() ? "" : t.name().getString();
        return new TensorSpec(name, dtype(t.type()), shape, quantization(t));
    }

    private static DType dtype(int type) {
        if (type == tensorflowlite.kTfLiteFloat32) {
            return DType.FLOAT32;
        } else if (type == tensorflowlite.kTfLiteInt8) {
            return DType.INT8;
        } else if (type == tensorflowlite.kTfLiteUInt8) {
            return DType.UINT8;
        } else if (type == tensorflowlite.kTfLiteInt16) {
            return DType.INT16;
        } else if (type == tensorflowlite.kTfLiteInt32) {
            return DType.INT32;
        } else if (type == tensorflowlite.kTfLiteInt64) {
            return DType.INT64;
        } else if (type == tensorflowlite.kTfLiteFloat16) {
            return DType.FLOAT16;
        } else if (type == tensorflowlite.kTfLiteFloat64) {
            return DType.FLOAT64;
        } else if (type == tensorflowlite.kTfLiteBool) {
            return DType.BOOL;
        }
        return DType.OTHER;
    }

    private static Quantization quantization(TfLiteTensor t) {
        if (t.quantization().type() == tensorflowlite.kTfLiteAffineQuantization && t.quantization().params() != null
                && !t.quantization().params().isNull()) {
            TfLiteAffineQuantization aq = new TfLiteAffineQuantization(t.quantization().params());
            int n = aq.scale().size();
            if (n > 0) {
                float[] scales = new float[n];
                int[] zps = new int[n];
                for (int i = 0; i < n; i++) {
                    scales[i] = aq.scale().data(i);
                    zps[i] = aq.zero_point().data(i);
                }
                if (n == 1) {
                    return Quantization.perTensor(scales[0], zps[0]);
                }
                return Quantization.perChannel(scales, zps, aq.quantized_dimension());
            }
        }
        return Quantization.NONE;
    }

    /** One fed or read tensor: a direct view of its native buffer and its conversion to float. */
    private static final class Port {
        final int size;
        final DType type;
        final ByteBuffer bytes;
        final FloatBuffer floats;
        final float scale;
        final int zeroPoint;
        final int qmin;
        final int qmax;
        final boolean unsigned;
        final String what;

        Port(TfLiteTensor t, TensorSpec spec, String what) {
            this.what = what;
            this.size = spec.exampleSize();
            this.type = spec.dtype();
            if (type != DType.FLOAT32 && type != DType.INT8 && type != DType.UINT8) {
                throw new ModelLoadException(what + " tensor " + spec + " has type " + type.wireName()
                        + "; a ModelRunner supports float32, int8 and uint8");
            }
            if (type != DType.FLOAT32 && !spec.quantization().isQuantized()) {
                throw new ModelLoadException(what + " tensor " + spec + " is " + type.wireName()
                        + " without a scale and zero point");
            }
            BytePointer raw = t.data().raw();
            raw.capacity(t.bytes());
            this.bytes = raw.asByteBuffer().order(ByteOrder.nativeOrder());
            this.floats = type == DType.FLOAT32 ? bytes.asFloatBuffer() : null;
            Quantization q = spec.quantization();
            this.scale = q.isQuantized() ? q.scales().get(0) : 1f;
            this.zeroPoint = q.isQuantized() ? q.zeroPoints().get(0) : 0;
            this.qmin = type == DType.FLOAT32 ? 0 : QuantMath.min(type);
            this.qmax = type == DType.FLOAT32 ? 0 : QuantMath.max(type);
            this.unsigned = type == DType.UINT8;
        }

        void checkArray(float[] array, int n) {
            if (array == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            long need = (long) n * size;
            if (array.length < need) {
                throw new IllegalArgumentException(what + " must have length >= " + need + " (" + n + " x " + size
                        + "), was " + array.length);
            }
        }

        void write(float[] src, int off) {
            if (floats != null) {
                floats.put(0, src, off, size);
                return;
            }
            for (int i = 0; i < size; i++) {
                bytes.put(i, (byte) QuantMath.quantize(src[off + i], scale, zeroPoint, qmin, qmax));
            }
        }

        void read(float[] dst, int off) {
            if (floats != null) {
                floats.get(0, dst, off, size);
                return;
            }
            for (int i = 0; i < size; i++) {
                int q = unsigned ? bytes.get(i) & 0xff : bytes.get(i);
                dst[off + i] = scale * (q - zeroPoint);
            }
        }
    }
}
