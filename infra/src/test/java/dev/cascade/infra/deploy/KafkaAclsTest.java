package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.deploy.Manifests.Workload;
import dev.cascade.protocol.topic.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka security of the manifests (components/kafka-scram): a TLS + SCRAM listener with the StandardAuthorizer,
 * one KafkaUser per role with least-privilege ACLs, every role and scaler logging in, and the deploy guide's
 * {@code kafka-acls} lines equal to the KafkaUsers' ACLs. The ACLs themselves run against a real broker in
 * testkit's KafkaSaslSslIT.
 */
class KafkaAclsTest {
    private static final Path K8S = ManifestsTest.K8S;

    /** One granted permission: principal, operation, resource. */
    record Grant(String user, String operation, String type, String name, String pattern) {}

    @Test
    void base_kafkaHasOnlyATlsScramListener_andDeniesByDefault() {
        GenericKubernetesResource kafka = Manifests.render(K8S.resolve("base")).custom("Kafka").get(0);

        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(l -> {
            assertThat(l.get("tls")).as("tls of listener " + l.get("name")).isEqualTo(true);
            assertThat(((Map<?, ?>) l.get("authentication")).get("type")).isEqualTo("scram-sha-512");
        });
        assertThat((Object) kafka.get("spec", "kafka", "authorization", "type")).isEqualTo("simple");
    }

    @Test
    void base_everyKafkaUser_logsInWithScramAndIsAuthorizedBySimpleAcls() {
        List<GenericKubernetesResource> users = Manifests.render(K8S.resolve("base")).custom("KafkaUser");

        assertThat(users).extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrder("cascade-ingest", "cascade-infer", "cascade-actuate", "cascade-dashboard", "cascade-keda");
        assertThat(users).allSatisfy(u -> {
            assertThat((Object) u.get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat((Object) u.get("spec", "authorization", "type")).isEqualTo("simple");
        });
    }

    @Test
    void acls_grantEachTopicOnlyToTheRolesThatUseIt() {
        List<Grant> grants = grants(Manifests.render(K8S.resolve("base")));
        String p = Topics.DEFAULT.namespace() + ".v1.";

        assertThat(users(grants, "Write", p + "commands")).containsExactly("cascade-infer");
        assertThat(users(grants, "Read", p + "commands")).containsExactly("cascade-actuate");
        assertThat(users(grants, "Write", p + "escalations")).containsExactly("cascade-ingest");
        assertThat(users(grants, "Read", p + "escalations")).containsExactly("cascade-infer");
        assertThat(users(grants, "Write", p + "alerts")).containsExactly("cascade-actuate", "cascade-infer");
        assertThat(users(grants, "Write", p + "operator-actions")).containsExactly("cascade-dashboard");
        assertThat(users(grants, "Read", "cloud-infer")).containsExactly("cascade-infer");
        assertThat(grants).allSatisfy(g -> {
            assertThat(g.operation()).as(g.toString()).isIn("Read", "Write", "Describe");
            assertThat(g.pattern()).as(g.toString()).isEqualTo("literal");
            if (g.type().equals("topic")) {
                assertThat(Topics.DEFAULT.allKafka()).as("topics of the protocol").contains(g.name());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu"})
    void everyKafkaClientWorkload_logsInAsItsRolesKafkaUser(String dir) {
        Manifests m = Manifests.render(K8S.resolve(dir));
        Set<String> users = new TreeSet<>();
        m.custom("KafkaUser").forEach(u -> users.add(u.getMetadata().getName()));
        int checked = 0;
        for (Workload w : m.workloads()) {
            for (Container c : w.pod().getContainers()) {
                String role = ManifestRules.role(c).orElse(null);
                if (role == null || role.equals("edge")) {
                    continue;
                }
                String prefix = "CASCADE_" + role.toUpperCase(java.util.Locale.ROOT) + "_KAFKA_";
                assertThat(env(c, prefix + "SECURITY_PROTOCOL")).as(w.name()).isEqualTo("SASL_SSL");
                assertThat(env(c, prefix + "SASL_MECHANISM")).as(w.name()).isEqualTo("SCRAM_SHA_512");
                assertThat(env(c, prefix + "SASL_JAAS_FILE")).as(w.name()).isEqualTo("/run/secrets/cascade/kafka/jaas");
                Volume v = w.pod().getVolumes().stream().filter(x -> x.getName().equals("kafka-client")).findFirst().orElseThrow();
                List<String> sources = v.getProjected().getSources().stream().map(s -> s.getSecret().getName()).toList();
                assertThat(sources).as(w.name()).containsExactly("cascade-" + role, "cascade-cluster-ca-cert");
                assertThat(users).as("KafkaUsers").contains("cascade-" + role);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(dir.equals("base") ? 4 : 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu"})
    void everyScaler_readsTheLagOverTlsWithScram(String dir) {
        Manifests m = Manifests.render(K8S.resolve(dir));

        assertThat(m.custom("ScaledObject")).isNotEmpty().allSatisfy(so -> {
            List<Map<String, Object>> triggers = so.get("spec", "triggers");
            assertThat(triggers).allSatisfy(t -> {
                assertThat(((Map<?, ?>) t.get("authenticationRef")).get("name")).isEqualTo("cascade-kafka-scram");
                assertThat(((Map<?, ?>) t.get("metadata")).get("bootstrapServers")).isEqualTo("cascade-kafka-bootstrap:9093");
            });
        });
        assertThat(m.custom("TriggerAuthentication")).extracting(t -> t.getMetadata().getName()).contains("cascade-kafka-scram");
    }

    @Test
    void externalKafkaOverlay_dropsTheKafkaUsersAndMountsItsOwnSecretAtTheSamePaths() {
        Manifests m = Manifests.render(K8S.resolve("overlays/external-kafka"));

        assertThat(m.custom("KafkaUser")).isEmpty();
        assertThat(m.custom("TriggerAuthentication")).extracting(t -> t.getMetadata().getName()).containsExactly("cascade-kafka");
        assertThat(m.workloads()).filteredOn(w -> !w.name().equals("mosquitto")).allSatisfy(w -> {
            Volume v = w.pod().getVolumes().stream().filter(x -> x.getName().equals("kafka-client")).findFirst().orElseThrow();
            assertThat(v.getProjected().getSources()).as(w.name()).extracting(s -> s.getSecret().getName())
                    .containsExactly("cascade-kafka-client");
        });
    }

    @Test
    void deployGuide_listsTheKafkaUsersAclsAsKafkaAclsLines() throws IOException {
        String guide = Files.readString(Path.of("../docs/DEPLOY.md"));
        List<Grant> grants = grants(Manifests.render(K8S.resolve("base")));

        List<String> lines = kafkaAclsLines(grants);

        assertThat(lines).hasSizeGreaterThan(10).allSatisfy(l -> assertThat(guide).contains(l));
    }

    /** One {@code kafka-acls} line per user and resource, operations in the KafkaUser's order. */
    static List<String> kafkaAclsLines(List<Grant> grants) {
        Map<String, List<String>> ops = new java.util.LinkedHashMap<>();
        for (Grant g : grants) {
            ops.computeIfAbsent(g.user() + "|" + g.type() + "|" + g.name(), k -> new ArrayList<>()).add(g.operation());
        }
        List<String> out = new ArrayList<>();
        ops.forEach((k, o) -> {
            String[] p = k.split("\\|");
            StringBuilder b = new StringBuilder("kafka-acls.sh $ADMIN --add --allow-principal User:" + p[0]);
            o.forEach(op -> b.append(" --operation ").append(op));
            b.append(" --").append(p[1]).append(' ').append(p[2]);
            out.add(b.toString());
        });
        return out;
    }

    static List<Grant> grants(Manifests m) {
        List<Grant> out = new ArrayList<>();
        for (GenericKubernetesResource u : m.custom("KafkaUser")) {
            List<Map<String, Object>> acls = u.get("spec", "authorization", "acls");
            for (Map<String, Object> acl : acls) {
                Map<?, ?> r = (Map<?, ?>) acl.get("resource");
                for (Object op : (List<?>) acl.get("operations")) {
                    out.add(new Grant(u.getMetadata().getName(), String.valueOf(op), String.valueOf(r.get("type")),
                            String.valueOf(r.get("name")), String.valueOf(r.get("patternType"))));
                }
            }
        }
        return out;
    }

    private static List<String> users(List<Grant> grants, String operation, String name) {
        return grants.stream().filter(g -> g.operation().equals(operation) && g.name().equals(name)).map(Grant::user)
                .distinct().sorted().toList();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
