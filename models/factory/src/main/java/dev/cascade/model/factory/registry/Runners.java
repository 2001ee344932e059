package dev.cascade.model.factory.registry;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;

/** Opens a bundle's model in the runtime its format needs (TFLite with XNNPACK, or ONNX Runtime on CPU). */
public final class Runners {
    private Runners() {}

    /**
     * Opens the model and checks its tensors against the manifest; the caller closes the runner.
     *
     * @throws ModelBundleException naming the file and the problem
     */
    public static ModelRunner open(ModelBundle bundle) throws ModelBundleException {
        switch (bundle.manifest().format()) {
            case TFLITE:
                return TfliteRunner.open(bundle, TfliteOptions.DEFAULT);
            case ONNX:
                return OnnxRunner.open(bundle, OnnxOptions.CPU);
            default:
                throw new IllegalStateException("unknown format " + bundle.manifest().format());
        }
    }
}
