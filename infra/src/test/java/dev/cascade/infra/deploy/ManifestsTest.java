package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Renders infra/k8s base and overlays into typed fabric8 objects and holds them to the deployment rules. */
class ManifestsTest {
    static final Path K8S = Path.of("k8s");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu", "overlays/external-kafka"})
    void rendering_keepsEveryDeploymentRule(String dir) {
        Manifests m = Manifests.render(K8S.resolve(dir));

        assertThat(ManifestRules.all(m)).isEmpty();
    }

    @Test
    void base_runsEveryCloudRoleWithItsOpsPort() {
        Manifests m = Manifests.render(K8S.resolve("base"));

        Map<String, String> ports = m.workloads().stream().flatMap(w -> ManifestRules.containers(w).stream()
                        .filter(c -> ManifestRules.role(c).isPresent())
                        .map(c -> Map.entry(ManifestRules.role(c).get(), port(m, w, c))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(
                Map.of("ingest", "9402", "infer", "9403", "actuate", "9404", "dashboard", "9405"));
        assertThat(m.workloads()).extracting(Workload::name).containsExactlyInAnyOrder(
                "mosquitto", "cascade-ingest", "cascade-infer", "cascade-actuate", "cascade-dashboard");
    }

    @Test
    void base_scalesInferFromZeroToThePartitionsOfEscalations() {
        Manifests m = Manifests.render(K8S.resolve("base"));

        GenericKubernetesResource so = m.custom("ScaledObject").get(0);
        Map<String, Object> spec = so.get("spec");
        Map<?, ?> trigger = (Map<?, ?>) ((List<?>) spec.get("triggers")).get(0);
        assertThat(spec).containsEntry("minReplicaCount", 0).containsEntry("maxReplicaCount", 8);
        Map<?, ?> md = (Map<?, ?>) trigger.get("metadata");
        assertThat(md.get("topic")).isEqualTo("cascade.v1.escalations");
        assertThat(md.get("consumerGroup")).isEqualTo("cloud-infer");
        assertThat(md.get("activationLagThreshold")).isEqualTo("0");
        assertThat(ManifestRules.partitions(m, "cascade.v1.escalations")).contains(8);
    }

    @Test
    void gpuOverlay_runsCudaOnGpuNodesWithTheCpuWorkersAsFallback() {
        Manifests m = Manifests.render(K8S.resolve("overlays/gpu"));

        Workload gpu = m.workload("cascade-infer-gpu").orElseThrow();
        Container c = gpu.pod().getContainers().get(0);
        assertThat(c.getImage()).endsWith(":0.1.0-gpu");
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        assertThat(gpu.pod().getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(ManifestRules.setting(c, ManifestRules.config(m, gpu, c, "infer"), "infer", "onnx.accelerator")).contains("CUDA");

        Workload cpu = m.workload("cascade-infer").orElseThrow();
        Container cc = cpu.pod().getContainers().get(0);
        assertThat(ManifestRules.setting(cc, ManifestRules.config(m, cpu, cc, "infer"), "infer", "onnx.accelerator")).contains("CPU");
        assertThat(cc.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(m.custom("ScaledObject")).extracting(so -> so.getMetadata().getName() + "@" + activation(so))
                .containsExactlyInAnyOrder("cascade-infer-gpu@0", "cascade-infer@1000");
    }

    @Test
    void externalKafkaOverlay_dropsStrimziAndReachesTheClusterWithSecretFiles() {
        Manifests m = Manifests.render(K8S.resolve("overlays/external-kafka"));

        assertThat(m.custom()).extracting(GenericKubernetesResource::getKind)
                .containsExactlyInAnyOrder("ScaledObject", "TriggerAuthentication");
        Set<String> protocols = m.workloads().stream().flatMap(w -> ManifestRules.containers(w).stream())
                .filter(c -> ManifestRules.role(c).isPresent())
                .map(c -> ManifestRules.setting(c, ManifestRules.config(m, m.workload(nameOf(m, c)).orElseThrow(), c,
                        ManifestRules.role(c).get()), ManifestRules.role(c).get(), "kafka.security-protocol").orElse("?"))
                .collect(Collectors.toSet());
        assertThat(protocols).containsExactly("SASL_SSL");
        assertThat(ManifestRules.partitions(m, "cascade.v1.escalations")).contains(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu", "overlays/external-kafka"})
    void everySecretTheManifestsMount_isCreatedInTheDeployGuide(String dir) throws java.io.IOException {
        Manifests m = Manifests.render(K8S.resolve(dir));
        String guide = java.nio.file.Files.readString(Path.of("../docs/DEPLOY.md"));

        Set<String> secrets = m.workloads().stream().flatMap(w -> w.pod().getVolumes().stream())
                .filter(v -> v.getSecret() != null).map(v -> v.getSecret().getSecretName()).collect(Collectors.toSet());
        m.workloads().stream().flatMap(w -> w.pod().getVolumes().stream()).filter(v -> v.getProjected() != null)
                .flatMap(v -> v.getProjected().getSources().stream()).filter(s -> s.getSecret() != null)
                .forEach(s -> secrets.add(s.getSecret().getName()));
        // Strimzi writes these (a KafkaUser's Secret has its name; the cluster CA's is <cluster>-cluster-ca-cert):
        // the guide names them instead of creating them.
        Set<String> strimziMade = m.custom("KafkaUser").stream().map(u -> u.getMetadata().getName())
                .collect(Collectors.toSet());
        m.custom("Kafka").forEach(k -> strimziMade.add(k.getMetadata().getName() + "-cluster-ca-cert"));
        assertThat(strimziMade).allSatisfy(name -> assertThat(guide).contains("`" + name + "`"));
        secrets.removeAll(strimziMade);
        m.custom("TriggerAuthentication").forEach(t -> ((List<?>) ((Map<?, ?>) t.get("spec")).get("secretTargetRef"))
                .forEach(r -> secrets.add(String.valueOf(((Map<?, ?>) r).get("name")))));

        assertThat(secrets).isNotEmpty().allSatisfy(name ->
                assertThat(guide).contains("kubectl -n cascade create secret generic " + name + " "));
    }

    private static String port(Manifests m, Workload w, Container c) {
        String role = ManifestRules.role(c).orElseThrow();
        return ManifestRules.setting(c, ManifestRules.config(m, w, c, role), role, "ops.port").orElse("?");
    }

    private static String nameOf(Manifests m, Container c) {
        return m.workloads().stream().filter(w -> w.pod().getContainers().contains(c)).findFirst().orElseThrow().name();
    }

    private static Object activation(GenericKubernetesResource so) {
        Map<String, Object> spec = so.get("spec");
        Map<?, ?> trigger = (Map<?, ?>) ((List<?>) spec.get("triggers")).get(0);
        return ((Map<?, ?>) trigger.get("metadata")).get("activationLagThreshold");
    }
}
