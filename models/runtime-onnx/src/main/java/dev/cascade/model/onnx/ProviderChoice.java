package dev.cascade.model.onnx;

import java.util.Optional;

/**
 * Which execution provider a session gets: CUDA when asked for (or, with {@code AUTO}, when this ONNX Runtime build
 * lists it) and its attempt succeeds, else the CPU, with the reason the CUDA path was not taken.
 *
 * @param provider {@code cuda} or {@code cpu}
 * @param fallback why CUDA was wanted but not used; empty when it was used or never wanted
 */
public record ProviderChoice(String provider, Optional<String> fallback) {
    /** The CUDA provider. */
    public static final String CUDA = "cuda";
    /** The default CPU provider. */
    public static final String CPU = "cpu";

    public ProviderChoice {
        if (!CUDA.equals(provider) && !CPU.equals(provider)) {
            throw new IllegalArgumentException("provider must be cuda or cpu, was " + provider);
        }
        if (fallback == null) {
            throw new IllegalArgumentException("fallback must not be null (use Optional.empty())");
        }
    }

    /** Adds the CUDA provider to a session's options; throws when it cannot load (no CUDA, no driver). */
    @FunctionalInterface
    public interface CudaAttempt {
        void addCuda(int device) throws Exception;
    }

    /**
     * Chooses for {@code options}: {@code cudaListed} says whether this build offers CUDA (the CPU-only jar does not);
     * {@code attempt} adds it, and a failure of it falls back to the CPU with the failure as the reason.
     */
    public static ProviderChoice choose(OnnxOptions options, boolean cudaListed, CudaAttempt attempt) {
        boolean want = switch (options.accelerator()) {
            case CUDA -> true;
            case AUTO -> cudaListed;
            case CPU -> false;
        };
        if (!want) {
            return new ProviderChoice(CPU, Optional.empty());
        }
        try {
            attempt.addCuda(options.cudaDevice());
            return new ProviderChoice(CUDA, Optional.empty());
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ProviderChoice(CPU, Optional.of("CUDA device " + options.cudaDevice() + " not usable: " + why));
        }
    }

    /** The backend name a runner reports, e.g. {@code onnxruntime/cuda}. */
    public String backend() {
        return "onnxruntime/" + provider;
    }
}
