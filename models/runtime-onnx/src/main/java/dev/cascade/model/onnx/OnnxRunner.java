package dev.cascade.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.onnx.internal.SharedEnvironment;
import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.runtime.internal.BatchArrays;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an ONNX model with ONNX Runtime on CUDA when asked and present, else on CPU; feeds input 0 (float32)
 * and reads output 0 (float32). A dynamic leading dimension takes a whole batch in one call.
 *
 * <p>Not thread-safe: one runner per thread (the process shares one {@link OrtEnvironment}). Must be closed.
 */
public final class OnnxRunner implements ModelRunner {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRunner.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String backend;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final String inputName;
    private final long[] exampleShape;
    private final int inSize;
    private final int outSize;
    private final boolean dynamicBatch;
    private FloatBuffer inBuffer;
    private boolean closed;

    private OnnxRunner(OrtEnvironment env, OrtSession session, String backend) throws OrtException {
        this.env = env;
        this.session = session;
        this.backend = backend;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        if (inputs.size() != 1 || outputs.isEmpty()) {
            throw new ModelLoadException("model has " + inputs.size() + " inputs and " + outputs.size()
                    + " outputs; a ModelRunner feeds exactly one input and reads the first output");
        }
        TensorSpec in = inputs.get(0);
        TensorSpec out = outputs.get(0);
        requireFloat(in, "input");
        requireFloat(out, "output");
        this.inputName = in.name();
        this.inSize = in.exampleSize();
        this.outSize = out.exampleSize();
        this.dynamicBatch = in.hasDynamicBatch();
        this.exampleShape = new long[in.shape().size()];
        for (int i = 0; i < exampleShape.length; i++) {
            exampleShape[i] = in.shape().get(i) < 0 ? 1 : in.shape().get(i);
        }
        if (!dynamicBatch && exampleShape.length > 0 && exampleShape[0] != 1 && in.shape().size() > 1) {
            throw new ModelLoadException("input " + in + " has a fixed batch of " + exampleShape[0]
                    + "; a ModelRunner needs a batch of 1 or a dynamic one");
        }
        this.inBuffer = ByteBuffer.allocateDirect(inSize * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Loads a model from its bytes.
     *
     * @throws ModelLoadException if ONNX Runtime cannot load it, or its input/output is not float32
     */
    public static OnnxRunner open(byte[] modelBytes, OnnxOptions options) {
        if (modelBytes == null || modelBytes.length == 0) {
            throw new ModelLoadException("not an ONNX model: no bytes");
        }
        OnnxOptions opts = options == null ? OnnxOptions.DEFAULT : options;
        OrtEnvironment env = SharedEnvironment.get();
        OrtSession session = null;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (opts.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(opts.intraOpThreads());
            }
            ProviderChoice choice = ProviderChoice.choose(opts,
                    OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), so::addCUDA);
            choice.fallback().ifPresent(why -> LOG.warn("{}; running this model on the CPU", why));
            String backend = choice.backend();
            session = env.createSession(modelBytes, so);
            LOG.info("ONNX model loaded on {} (execution provider {})", backend, choice.provider());
            return new OnnxRunner(env, session, backend);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * Loads a bundle's model and checks that its tensors agree with the manifest.
     *
     * @throws ModelBundleException naming the model file or manifest and the problem
     */
    public static OnnxRunner open(ModelBundle bundle, OnnxOptions options) throws ModelBundleException {
        return bundle.openWith(ModelFormat.ONNX, bytes -> open(bytes, options));
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
        runBatch(input, 1, output);
    }

    @Override
    public void runBatch(float[] input, int n, float[] output) {
        if (closed) {
            throw new IllegalStateException("runner is closed");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        BatchArrays.require(input, n, inSize, "input");
        BatchArrays.require(output, n, outSize, "output");
        if (n == 0) {
            return;
        }
        if (dynamicBatch) {
            invoke(input, 0, n, output, 0);
        } else {
            for (int i = 0; i < n; i++) {
                invoke(input, i * inSize, 1, output, i * outSize);
            }
        }
    }

    private void invoke(float[] input, int inOff, int n, float[] output, int outOff) {
        int values = n * inSize;
        if (inBuffer.capacity() < values) {
            inBuffer = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        inBuffer.clear();
        inBuffer.put(input, inOff, values);
        inBuffer.flip();
        long[] shape = exampleShape.clone();
        if (shape.length > 0) {
            shape[0] = n;
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, inBuffer, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            int got = fb.remaining();
            if (got != n * outSize) {
                throw new IllegalStateException("model returned " + got + " values for " + n + " examples, expected "
                        + (n * outSize));
            }
            fb.get(output, outOff, got);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(session);
        }
    }


    private static void requireFloat(TensorSpec t, String what) {
        if (t.dtype() != DType.FLOAT32) {
            throw new ModelLoadException(what + " tensor " + t + " has type " + t.dtype().wireName()
                    + "; a ModelRunner feeds and reads float32 ONNX tensors");
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX session failed: {}", e.getMessage());
            }
        }
    }

    static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo ni : infos.values()) {
            if (!(ni.getInfo() instanceof TensorInfo)) {
                out.add(new TensorSpec(ni.getName(), DType.OTHER, List.of(), Quantization.NONE));
                continue;
            }
            TensorInfo ti = (TensorInfo) ni.getInfo();
            List<Integer> shape = new ArrayList<>();
            for (long d : ti.getShape()) {
                shape.add(d < 0 ? -1 : (int) d);
            }
            out.add(new TensorSpec(ni.getName(), dtype(ti.type), shape, Quantization.NONE));
        }
        return List.copyOf(out);
    }

    private static DType dtype(OnnxJavaType t) {
        switch (t) {
            case FLOAT:
                return DType.FLOAT32;
            case DOUBLE:
                return DType.FLOAT64;
            case FLOAT16:
                return DType.FLOAT16;
            case INT8:
                return DType.INT8;
            case UINT8:
                return DType.UINT8;
            case INT16:
                return DType.INT16;
            case INT32:
                return DType.INT32;
            case INT64:
                return DType.INT64;
            case BOOL:
                return DType.BOOL;
            default:
                return DType.OTHER;
        }
    }
}
