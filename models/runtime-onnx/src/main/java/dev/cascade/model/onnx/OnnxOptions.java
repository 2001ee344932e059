package dev.cascade.model.onnx;

/**
 * How to run an ONNX model.
 *
 * @param accelerator where to run it
 * @param cudaDevice the CUDA device id when CUDA is tried
 * @param intraOpThreads threads inside one operator (0 lets ONNX Runtime choose)
 */
public record OnnxOptions(Accelerator accelerator, int cudaDevice, int intraOpThreads) {
    /** CUDA when this ONNX Runtime build offers it, else CPU; one intra-op thread. */
    public static final OnnxOptions DEFAULT = new OnnxOptions(Accelerator.AUTO, 0, 1);
    /** CPU only, one intra-op thread. */
    public static final OnnxOptions CPU = new OnnxOptions(Accelerator.CPU, 0, 1);

    /** Where a session runs. */
    public enum Accelerator {
        /** CPU only. */
        CPU,
        /** CUDA if the ONNX Runtime build lists it as available, falling back to CPU if it fails to load. */
        AUTO,
        /** Always try CUDA (warn and fall back to CPU if it fails to load). */
        CUDA
    }

    public OnnxOptions {
        if (accelerator == null) {
            throw new IllegalArgumentException("accelerator must not be null");
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, was " + cudaDevice);
        }
        if (intraOpThreads < 0 || intraOpThreads > 256) {
            throw new IllegalArgumentException("intraOpThreads must be in [0, 256], was " + intraOpThreads);
        }
    }
}
