package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Breaks a copy of infra/k8s one way at a time and shows the rules catch each break, with their message. */
class ManifestMutationTest {
    @TempDir
    Path copy;

    @BeforeEach
    void copyManifests() throws IOException {
        try (Stream<Path> files = Files.walk(ManifestsTest.K8S)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(ManifestsTest.K8S.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    @Test
    void unchangedCopy_keepsEveryRule() {
        assertThat(ManifestRules.all(Manifests.render(copy.resolve("base")))).isEmpty();
    }

    @Test
    void readinessOnTheWrongPath_isCaught() {
        edit("base/ingest.yaml", "path: /health/ready", "path: /ready");

        assertThat(violations("base")).containsExactly("cascade-ingest/cascade-ingest: readinessProbe path must be /health/ready, was /ready");
    }

    @Test
    void configOpsPortDifferentFromProbePort_isCaught() {
        edit("base/actuate.yaml", "    port: 9404", "    port: 9999");

        assertThat(violations("base")).containsExactlyInAnyOrder(
                "cascade-actuate/cascade-actuate: readinessProbe port must be the role's ops.port 9999, was 9404",
                "cascade-actuate/cascade-actuate: livenessProbe port must be the role's ops.port 9999, was 9404");
    }

    @Test
    void opsListeningOnLoopback_isCaught() {
        edit("base/dashboard.yaml", "  ops:\n        host: 0.0.0.0", "  ops:\n        host: 127.0.0.1");

        assertThat(violations("base")).containsExactly(
                "cascade-dashboard: dashboard.ops.host must be 0.0.0.0 for the kubelet's probes, was 127.0.0.1");
    }

    @Test
    void imageOnLatest_isCaught() {
        edit("base/infer.yaml", "cascade-infer:0.1.0", "cascade-infer:latest");

        assertThat(violations("base")).containsExactly(
                "cascade-infer/cascade-infer: image must be pinned to a tag other than latest, was ghcr.io/cascade-iot/cascade-infer:latest");
    }

    @Test
    void missingResourceEstimate_isCaught() {
        edit("components/resources-estimate/resources.yaml", "              memory: 320Mi\n", "", 1);

        assertThat(violations("base")).containsExactly(
                "cascade-ingest/cascade-ingest: resources.requests.memory must be set, was missing");
    }

    @Test
    void scalerMaxAbovePartitions_isCaught() {
        edit("base/infer.yaml", "maxReplicaCount: 8", "maxReplicaCount: 12");

        assertThat(violations("base")).containsExactly(
                "ScaledObject cascade-infer: maxReplicaCount must equal the partitions of cascade.v1.escalations (8), was 12");
    }

    @Test
    void scalerThatNeedsMoreThanOneRecord_isCaught() {
        edit("base/infer.yaml", "activationLagThreshold: \"0\"", "activationLagThreshold: \"10\"");

        assertThat(violations("base")).containsExactly(
                "ScaledObject: one scaler must have activationLagThreshold 0 so a single record wakes a worker, none had");
    }

    @Test
    void scalerOnAnotherGroup_isCaught() {
        edit("base/infer.yaml", "consumerGroup: cloud-infer", "consumerGroup: infer");

        assertThat(violations("base")).containsExactly(
                "ScaledObject cascade-infer: trigger must be kafka on cascade.v1.escalations for group cloud-infer, was kafka on cascade.v1.escalations for infer");
    }

    @Test
    void missingTopicOfAChannel_isCaught() {
        edit("base/topics.yaml", "topicName: cascade.v1.dead-letter", "topicName: cascade.v1.deadletter");

        assertThat(violations("base")).singleElement().asString()
                .startsWith("KafkaTopic: topics must be the Kafka channels of Channel.java [cascade.v1.acks, ")
                .endsWith("was [cascade.v1.acks, cascade.v1.alarms, cascade.v1.alerts, cascade.v1.commands, cascade.v1.deadletter, "
                        + "cascade.v1.escalations, cascade.v1.operator-actions, cascade.v1.results, cascade.v1.telemetry]");
    }

    @Test
    void roleLoggingText_isCaught() {
        edit("base/infer.yaml", "- name: CASCADE_LOG_FORMAT\n              value: json", "- name: CASCADE_LOG_FORMAT\n              value: text");

        assertThat(violations("base")).containsExactly("cascade-infer/cascade-infer: env CASCADE_LOG_FORMAT must be json, was text");
    }

    @Test
    void passwordInEnvironment_isCaught() {
        edit("base/dashboard.yaml", "          env:\n", "          env:\n            - name: CASCADE_DASHBOARD_PASSWORD\n              value: hunter22\n");

        assertThat(violations("base")).containsExactly(
                "cascade-dashboard: env CASCADE_DASHBOARD_PASSWORD must not carry a secret (use its -file key), was set");
    }

    @Test
    void passwordFileOutsideAMountedSecret_isCaught() {
        edit("base/dashboard.yaml", "password-file: /run/secrets/cascade/dashboard/password", "password-file: /etc/cascade/password");

        assertThat(violations("base")).containsExactly(
                "cascade-dashboard: dashboard.password-file must point into a mounted Secret, was /etc/cascade/password");
    }

    @Test
    void budgetSelectingNoPods_isCaught() {
        edit("base/actuate.yaml", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: cascade-actuate",
                "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: cascade-actuators");
        List<String> v = violations("base");

        assertThat(v).containsExactlyInAnyOrder(
                "PodDisruptionBudget cascade-actuate: selector must match one workload's pods, was {app.kubernetes.io/name=cascade-actuators} matching []",
                "cascade-actuate: must have a PodDisruptionBudget, was none");
    }

    @Test
    void patchOfAResourceThatIsNotThere_failsTheRendering() {
        edit("overlays/gpu/cpu-fallback.yaml", "name: cascade-infer\n", "name: cascade-infer-cpu\n");

        assertThatThrownBy(() -> Manifests.render(copy.resolve("overlays/gpu")))
                .hasMessageEndingWith("patch of ScaledObject cascade-infer-cpu matches no resource");
    }

    @Test
    void renderer_refusesKustomizeFeaturesItDoesNotKnow() {
        edit("base/kustomization.yaml", "namespace: cascade\n", "namespace: cascade\nnamePrefix: x-\n");

        assertThatThrownBy(() -> Manifests.render(copy.resolve("base")))
                .hasMessageEndingWith("field namePrefix is not supported by this renderer");
    }

    private List<String> violations(String dir) {
        List<ObjectNode> objects = Kustomization.render(copy.resolve(dir));
        return ManifestRules.all(Manifests.of(objects));
    }

    private void edit(String file, String from, String to) {
        edit(file, from, to, -1);
    }

    private void edit(String file, String from, String to, int times) {
        Path p = copy.resolve(file);
        try {
            String s = Files.readString(p);
            assertThat(s).as(file).contains(from);
            Files.writeString(p, times == 1 ? s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                    : s.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
