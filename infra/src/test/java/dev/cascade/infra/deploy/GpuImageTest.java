package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GPU variant's chain, from cli/pom.xml's gpu profile to the gpu overlay: a CUDA 12 + cuDNN runtime base pinned by
 * digest, the same pin in infra/images/gpu-base.Dockerfile, and the overlay running the tag the profile builds.
 */
class GpuImageTest {
    private static final Pattern CUDA_PIN =
            Pattern.compile("nvidia/cuda:12\\.\\d+\\.\\d+-cudnn-runtime-ubuntu\\d+\\.\\d+@sha256:[0-9a-f]{64}");

    @Test
    void gpuProfile_pinsACuda12CudnnRuntimeBaseByDigest_andTheBaseDockerfileUsesIt() throws IOException {
        String pom = Files.readString(Path.of("../cli/pom.xml"));
        String dockerfile = Files.readString(Path.of("images/gpu-base.Dockerfile"));

        String cuda = tag(pom, "cascade.image.base.cuda");
        assertThat(cuda).matches(CUDA_PIN);
        assertThat(dockerfile).contains("ARG CUDA_BASE=" + cuda + "\n").contains("FROM ${CUDA_BASE}\n");
    }

    @Test
    void gpuOverlay_runsTheImageTheGpuProfileTags() throws IOException {
        String cliPom = Files.readString(Path.of("../cli/pom.xml"));
        String rootPom = Files.readString(Path.of("../pom.xml"));
        String version = tag(rootPom, "version").replace("-SNAPSHOT", "");
        String gpuProfile = cliPom.substring(cliPom.indexOf("<id>gpu</id>"));
        String expected = tag(cliPom, "cascade.image.registry") + "/cascade-infer:" + version
                + tag(gpuProfile, "cascade.image.suffix");

        Manifests m = Manifests.render(ManifestsTest.K8S.resolve("overlays/gpu"));
        Container c = m.workload("cascade-infer-gpu").orElseThrow().pod().getContainers().get(0);

        assertThat(expected).isEqualTo("ghcr.io/cascade-iot/cascade-infer:0.1.0-gpu");
        assertThat(c.getImage()).isEqualTo(expected);
    }

    private static String tag(String xml, String name) {
        Matcher mt = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(xml);
        assertThat(mt.find()).as("<%s> in the pom", name).isTrue();
        return mt.group(1).trim();
    }
}
