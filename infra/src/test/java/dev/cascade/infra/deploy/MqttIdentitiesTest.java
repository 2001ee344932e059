package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.acl.MosquittoAcl;
import dev.cascade.security.acl.MosquittoDynsec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster's mosquitto ACL is the one generated from infra/k8s/fleet.txt, and every MQTT client id the roles'
 * pods will use has a certificate mounted and an identity in that list; each rule is shown to catch a broken copy.
 */
class MqttIdentitiesTest {
    static final Path FLEET = ManifestsTest.K8S.resolve("fleet.txt");
    static final Path ACL = ManifestsTest.K8S.resolve("base/mosquitto/acl");
    static final Path DYNSEC = ManifestsTest.K8S.resolve("base/mosquitto/dynamic-security.json");
    static final Path CONF = ManifestsTest.K8S.resolve("base/mosquitto/mosquitto.conf");

    @TempDir
    Path copy;

    @Test
    void committedMosquittoAcl_isTheOneGeneratedFromTheClusterFleetList() throws IOException {
        String committed = Files.exists(ACL) ? Files.readString(ACL) : "";

        assertThat(committed)
                .as("infra/k8s/base/mosquitto/acl is stale: run ./cascade certs --fleet infra/k8s/fleet.txt --acl-only "
                        + "infra/k8s/base/mosquitto/acl")
                .isEqualTo(MosquittoAcl.render(model(FLEET)));
    }

    @Test
    void committedDynsecConfiguration_isTheOneGeneratedFromTheClusterFleetList() throws IOException {
        String committed = Files.exists(DYNSEC) ? Files.readString(DYNSEC) : "";

        assertThat(committed)
                .as("infra/k8s/base/mosquitto/dynamic-security.json is stale: run ./cascade certs --fleet infra/k8s/fleet.txt "
                        + "--acl-only infra/k8s/base/mosquitto/acl --dynsec infra/k8s/base/mosquitto/dynamic-security.json")
                .isEqualTo(MosquittoDynsec.render(model(FLEET)));
    }

    @Test
    void clusterMosquitto_loadsTheDynsecPlugin_fromAWritableCopyOfTheGeneratedFile() throws IOException {
        List<String> conf = Files.readAllLines(CONF).stream().filter(l -> !l.startsWith("#")).toList();
        Manifests m = Manifests.render(ManifestsTest.K8S.resolve("base"));
        var pod = m.workload("mosquitto").orElseThrow().pod();
        var init = pod.getInitContainers().stream().filter(c -> c.getName().equals("dynsec-config")).findFirst().orElseThrow();
        var broker = pod.getContainers().get(0);

        assertThat(conf).contains("plugin /usr/lib/mosquitto_dynamic_security.so",
                "plugin_opt_config_file /mosquitto/dynsec/dynamic-security.json").noneMatch(l -> l.startsWith("acl_file"));
        assertThat(init.getCommand()).containsExactly("cp", "/mosquitto/config/dynamic-security.json",
                "/mosquitto/dynsec/dynamic-security.json");
        assertThat(init.getImage()).isEqualTo(broker.getImage());
        assertThat(broker.getVolumeMounts()).anySatisfy(v -> {
            assertThat(v.getMountPath()).isEqualTo("/mosquitto/dynsec");
            assertThat(v.getReadOnly()).as("the plugin rewrites its file").isNotEqualTo(Boolean.TRUE);
        });
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("dynsec");
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("config");
            assertThat(v.getConfigMap().getName()).startsWith("mosquitto");
        });
    }

    @Test
    void clusterFleet_letsNoIdentityJoinAnotherRolesSharedGroup() {
        assertThat(model(FLEET).sharedGroupIntruders()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu", "overlays/external-kafka"})
    void everyClientIdOfEveryPod_hasACertificateMountedAndAnAclEntry(String dir) {
        Manifests m = Manifests.render(ManifestsTest.K8S.resolve(dir));

        assertThat(MqttIdentityRules.all(m, model(FLEET))).isEmpty();
    }

    @Test
    void clientIds_coverEveryConnectionOfBothRolesReplicas() {
        Manifests m = Manifests.render(ManifestsTest.K8S.resolve("base"));
        AclModel fleet = model(FLEET);

        List<String> ids = Stream.of("cascade-ingest", "cascade-actuate").flatMap(name -> {
            Manifests.Workload w = m.workload(name).orElseThrow();
            var c = w.pod().getContainers().get(0);
            String role = ManifestRules.role(c).orElseThrow();
            return Stream.iterate(0, i -> i < w.replicas(), i -> i + 1).flatMap(i -> MqttIdentityRules.connections(c,
                    ManifestRules.config(m, w, c, role), role, name + "-" + i).stream());
        }).toList();

        assertThat(ids).containsExactlyInAnyOrder(
                "cascade-ingest-0", "cascade-ingest-0-probe", "cascade-ingest-1", "cascade-ingest-1-probe",
                "cascade-actuate-0", "cascade-actuate-0-probe", "cascade-actuate-0-acks-0", "cascade-actuate-0-acks-1",
                "cascade-actuate-0-acks-2", "cascade-actuate-0-acks-3",
                "cascade-actuate-1", "cascade-actuate-1-probe", "cascade-actuate-1-acks-0", "cascade-actuate-1-acks-1",
                "cascade-actuate-1-acks-2", "cascade-actuate-1-acks-3");
        assertThat(ids).allSatisfy(id -> assertThat(fleet.principal(id)).as(id).isPresent());
    }

    @Test
    void aThirdIngestReplica_withoutIdentityOrCertificate_isCaught() throws IOException {
        copyManifests();
        edit("base/ingest.yaml", "  replicas: 2\n", "  replicas: 3\n");

        assertThat(violations()).containsExactlyInAnyOrder(
                "cascade-ingest/cascade-ingest: client id cascade-ingest-2 must be an identity of infra/k8s/fleet.txt (no ACL entry), was missing",
                "cascade-ingest/cascade-ingest: /etc/cascade/certs/mqtt/cascade-ingest-2.pem (mqtt.tls.cert-file of cascade-ingest-2) must be an item of a mounted Secret, was not",
                "cascade-ingest/cascade-ingest: /etc/cascade/certs/mqtt/cascade-ingest-2-key.pem (mqtt.tls.key-file of cascade-ingest-2) must be an item of a mounted Secret, was not",
                "cascade-ingest/cascade-ingest: client id cascade-ingest-2-probe must be an identity of infra/k8s/fleet.txt (no ACL entry), was missing",
                "cascade-ingest/cascade-ingest: /etc/cascade/certs/mqtt/cascade-ingest-2-probe.pem (mqtt.tls.cert-file of cascade-ingest-2-probe) must be an item of a mounted Secret, was not",
                "cascade-ingest/cascade-ingest: /etc/cascade/certs/mqtt/cascade-ingest-2-probe-key.pem (mqtt.tls.key-file of cascade-ingest-2-probe) must be an item of a mounted Secret, was not");
    }

    @Test
    void oneCertificateForEveryConnection_isCaught() throws IOException {
        copyManifests();
        edit("base/actuate.yaml", "cert-file: \"/etc/cascade/certs/mqtt/{client-id}.pem\"", "cert-file: /etc/cascade/certs/mqtt/tls.crt");

        assertThat(violations()).hasSize(12).allSatisfy(v -> assertThat(v).isEqualTo(
                "cascade-actuate/cascade-actuate: mqtt.tls.cert-file must contain {client-id} (a certificate per connection), was /etc/cascade/certs/mqtt/tls.crt"));
    }

    @Test
    void actuatorsAsADeployment_isCaught() throws IOException {
        copyManifests();
        edit("base/actuate.yaml", "kind: StatefulSet\nmetadata:\n  name: cascade-actuate\nspec:\n  serviceName: cascade-actuate\n"
                + "  podManagementPolicy: Parallel\n", "kind: Deployment\nmetadata:\n  name: cascade-actuate\nspec:\n");
        for (String patched : List.of("components/kafka-scram/roles.yaml", "components/resources-estimate/resources.yaml")) {
            edit(patched, "kind: StatefulSet\nmetadata:\n  name: cascade-actuate\n", "kind: Deployment\nmetadata:\n  name: cascade-actuate\n");
        }

        assertThat(violations()).containsExactly("cascade-actuate/cascade-actuate: a role with MQTT must run as a StatefulSet "
                + "(pod names, so client ids, known in advance), was a Deployment");
    }

    @Test
    void brokerWithoutClientIdBinding_orWithAStaleAcl_isCaught() throws IOException {
        copyManifests();
        edit("base/mosquitto/mosquitto.conf", "use_username_as_clientid true\n", "");
        edit("base/mosquitto/acl", "user cascade-ingest-1\n", "user cascade-ingest-1\ntopic read cascade/v1/+/acks\n");

        assertThat(violations()).containsExactlyInAnyOrder(
                "ConfigMap mosquitto: mosquitto.conf must contain 'use_username_as_clientid true', was without it",
                "ConfigMap mosquitto: acl must be the ACL generated from infra/k8s/fleet.txt, was different"
                        + " (./cascade certs --fleet infra/k8s/fleet.txt --acl-only infra/k8s/base/mosquitto/acl)");
    }

    @Test
    void aRoleReplicaMissingFromTheFleetList_isCaught() throws IOException {
        copyManifests();
        edit("fleet.txt", "actuators cascade-actuate-1 group=actuators connections=probe,acks-0,acks-1,acks-2,acks-3\n",
                "actuators cascade-actuate-1 group=actuators connections=probe,acks-0,acks-1,acks-2\n");

        assertThat(violations()).contains(
                "cascade-actuate/cascade-actuate: client id cascade-actuate-1-acks-3 must be an identity of infra/k8s/fleet.txt (no ACL entry), was missing",
                "ConfigMap mosquitto: acl must be the ACL generated from infra/k8s/fleet.txt, was different"
                        + " (./cascade certs --fleet infra/k8s/fleet.txt --acl-only infra/k8s/base/mosquitto/acl)");
    }

    private static AclModel model(Path fleet) {
        return AclModel.of(FleetFile.read(fleet));
    }

    private List<String> violations() {
        return MqttIdentityRules.all(Manifests.render(copy.resolve("base")), model(copy.resolve("fleet.txt")));
    }

    private void copyManifests() throws IOException {
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

    private void edit(String file, String from, String to) throws IOException {
        Path p = copy.resolve(file);
        String text = Files.readString(p);
        assertThat(text).as("%s contains the text to change", file).contains(from);
        Files.writeString(p, text.replace(from, to));
    }
}
