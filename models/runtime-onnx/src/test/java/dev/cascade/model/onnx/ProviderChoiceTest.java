package dev.cascade.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {
    private final List<Integer> tried = new ArrayList<>();

    @Test
    void auto_withCudaListedAndLoading_choosesCuda() {
        ProviderChoice c = ProviderChoice.choose(new OnnxOptions(OnnxOptions.Accelerator.AUTO, 1, 1), true, tried::add);

        assertThat(c).isEqualTo(new ProviderChoice("cuda", Optional.empty()));
        assertThat(c.backend()).isEqualTo("onnxruntime/cuda");
        assertThat(tried).containsExactly(1);
    }

    @Test
    void auto_withCudaListedButFailingToLoad_fallsBackToCpu_sayingWhy() {
        ProviderChoice c = ProviderChoice.choose(OnnxOptions.DEFAULT, true, d -> {
            throw new OrtException("Failed to load shared library libonnxruntime_providers_cuda.so");
        });

        assertThat(c.provider()).isEqualTo("cpu");
        assertThat(c.fallback()).contains(
                "CUDA device 0 not usable: Failed to load shared library libonnxruntime_providers_cuda.so");
    }

    @Test
    void auto_onTheCpuOnlyBuild_neverTriesCuda() {
        ProviderChoice c = ProviderChoice.choose(OnnxOptions.DEFAULT, false, tried::add);

        assertThat(c).isEqualTo(new ProviderChoice("cpu", Optional.empty()));
        assertThat(tried).isEmpty();
    }

    @Test
    void cuda_isTriedEvenWhenNotListed_andCpuIsNeverTried() {
        ProviderChoice.choose(new OnnxOptions(OnnxOptions.Accelerator.CUDA, 0, 1), false, tried::add);
        ProviderChoice.choose(OnnxOptions.CPU, true, tried::add);

        assertThat(tried).containsExactly(0);
    }

    @Test
    void thisBuild_withoutCuda_runsOnTheCpu() {
        // the default build carries the CPU-only onnxruntime jar: AUTO must end on the CPU, the real attempt included
        ProviderChoice c = ProviderChoice.choose(OnnxOptions.DEFAULT,
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                d -> new ai.onnxruntime.OrtSession.SessionOptions().addCUDA(d));

        assertThat(c.provider()).isEqualTo("cpu");
    }
}
