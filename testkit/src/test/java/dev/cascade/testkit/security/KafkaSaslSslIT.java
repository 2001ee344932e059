package dev.cascade.testkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cascade.config.ConfigLoader;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.kafka.SaslSslListener;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.security.pki.DevCertificateAuthority;
import dev.cascade.security.pki.Identity;
import dev.cascade.security.pki.Usage;
import dev.cascade.transport.kafka.KafkaAccessCheck;
import dev.cascade.transport.kafka.KafkaAccessCheck.KafkaAccessException;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSection;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cloud role's Kafka clients, built from its {@code kafka:} config section, against the in-process KRaft
 * broker's SASL_SSL listener (SCRAM-SHA-512, StandardAuthorizer) with exactly the ACLs of the Strimzi KafkaUsers
 * in {@code infra/k8s/components/kafka-scram/kafka-users.yaml}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSaslSslIT {
    private static final Path USERS = Path.of("../infra/k8s/components/kafka-scram/kafka-users.yaml");
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static final Map<String, String> passwords = new LinkedHashMap<>();
    private static DevCertificateAuthority ca;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        ca = DevCertificateAuthority.create("kafka-it-ca", Duration.ofDays(1));
        Identity server = ca.issue("kafka", Usage.SERVER, List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        List<JsonNode> users = kafkaUsers();
        for (JsonNode u : users) {
            passwords.put(u.path("metadata").path("name").asText(), password());
        }
        kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults()
                .withSaslSsl(new SaslSslListener(server.chainPem(), server.keyPem(), passwords, true)));
        Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        try (Admin admin = KafkaClients.admin(KafkaSettings.of(kafka.bootstrapServers(), "it-admin"))) {
            List<NewTopic> topics = TOPICS.allKafka().stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = acls(users);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The broker's authorizer applies the controller's records a moment later; wait until it serves them.
            while (admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).size() < acls.size()) {
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyRole_overSaslSslFromItsConfigSection_movesARecordThroughThePipeline() throws Exception {
        String escalations = TOPICS.kafka(Channel.ESCALATIONS);
        String commands = TOPICS.kafka(Channel.COMMANDS);
        String alerts = TOPICS.kafka(Channel.ALERTS);

        try (KafkaProducer<String, byte[]> p = KafkaClients.producer(settings("ingest", "cascade-ingest"), "ingest")) {
            p.send(new ProducerRecord<>(escalations, "pump-7", bytes("escalation-1"))).get(30, TimeUnit.SECONDS);
        }
        KafkaSettings infer = settings("infer", "cascade-infer");
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(infer, "cloud-infer", "cloud-infer", 10);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(infer, "cloud-infer")) {
            c.subscribe(List.of(escalations));
            ConsumerRecord<String, byte[]> r = first(c);
            assertThat(r.key()).isEqualTo("pump-7");
            assertThat(text(r.value())).isEqualTo("escalation-1");
            p.send(new ProducerRecord<>(commands, r.key(), bytes("stop pump-7"))).get(30, TimeUnit.SECONDS);
        }
        KafkaSettings actuate = settings("actuate", "cascade-actuate");
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(actuate, "actuators", "actuators", 10);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(actuate, "actuators")) {
            c.subscribe(List.of(commands));
            ConsumerRecord<String, byte[]> r = first(c);
            assertThat(text(r.value())).isEqualTo("stop pump-7");
            p.send(new ProducerRecord<>(alerts, r.key(), bytes("pump-7 stopped"))).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, byte[]> c = groupless(settings("dashboard", "cascade-dashboard"))) {
            TopicPartition tp = new TopicPartition(alerts, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            ConsumerRecord<String, byte[]> r = first(c);
            assertThat(r.key()).isEqualTo("pump-7");
            assertThat(text(r.value())).isEqualTo("pump-7 stopped");
        }
    }

    @Test
    void wrongPassword_isRefusedNamingTheBrokerAndTheCause() throws Exception {
        KafkaSettings wrong = settings("ingest", "cascade-ingest", "not-the-password", dir.resolve("ca.pem"));

        assertThatThrownBy(() -> KafkaAccessCheck.verify(wrong, WAIT))
                .isInstanceOfSatisfying(KafkaAccessException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KafkaAccessCheck.Kind.AUTHENTICATION);
                    assertThat(e.getMessage())
                            .startsWith("Kafka at " + kafka.secureBootstrapServers() + " (SASL_SSL) refused the SASL login"
                                    + " (SCRAM-SHA-512): ")
                            .contains("invalid credentials");
                });
        try (KafkaProducer<String, byte[]> p = KafkaClients.producer(wrong, "ingest")) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(TOPICS.kafka(Channel.ESCALATIONS), "k", bytes("x")))
                    .get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");
        }
    }

    @Test
    void brokerCertificateFromAnotherCa_isRefusedByTheClient() throws Exception {
        Path rogue = dir.resolve("other-ca.pem");
        Files.writeString(rogue, DevCertificateAuthority.create("other-ca", Duration.ofDays(1)).certificatePem());
        KafkaSettings untrusting = settings("infer", "cascade-infer", passwords.get("cascade-infer"), rogue);

        assertThatThrownBy(() -> KafkaAccessCheck.verify(untrusting, WAIT))
                .isInstanceOfSatisfying(KafkaAccessException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KafkaAccessCheck.Kind.TLS);
                    assertThat(e.getMessage())
                            .startsWith("TLS handshake with Kafka at " + kafka.secureBootstrapServers() + " (SASL_SSL) failed: ")
                            .contains("PKIX path building failed");
                });
    }

    @Test
    void theRightPassword_isAcceptedByTheAccessCheck() {
        assertThat(KafkaAccessCheck.verify(settings("dashboard", "cascade-dashboard"), WAIT)).isNotBlank();
    }

    @Test
    void roles_outsideTheirAcls_areRefused() throws Exception {
        String commands = TOPICS.kafka(Channel.COMMANDS);
        try (KafkaProducer<String, byte[]> ingest = KafkaClients.producer(settings("ingest", "cascade-ingest"), "ingest");
             KafkaProducer<String, byte[]> dashboard = KafkaClients.producer(settings("dashboard", "cascade-dashboard"),
                     "dashboard")) {
            for (KafkaProducer<String, byte[]> forger : List.of(ingest, dashboard)) {
                assertThatThrownBy(() -> forger.send(new ProducerRecord<>(commands, "pump-7", bytes("resume"))).get(30,
                        TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class)
                        .hasMessageContaining("Not authorized to access topics: [" + commands + "]");
            }
        }
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(settings("infer", "cascade-infer"), "cloud-infer",
                "actuators", 10)) {
            c.subscribe(List.of(commands));
            assertThatThrownBy(() -> {
                while (true) {
                    c.poll(Duration.ofMillis(200));
                }
            }).isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class)
                    .hasMessageContaining("Not authorized to access");
        }
    }

    private static KafkaSettings settings(String role, String user) {
        return settings(role, user, passwords.get(user), dir.resolve("ca.pem"));
    }

    /** Through the role's own {@code kafka:} section: PEM trust, SCRAM, the JAAS line from a file. */
    private static KafkaSettings settings(String role, String user, String password, Path caFile) {
        try {
            Path jaas = Files.createTempFile(dir, user, ".jaas");
            Files.writeString(jaas, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";\n");
            String yaml = role + ":\n  kafka:\n    bootstrap: " + kafka.secureBootstrapServers() + "\n"
                    + "    security-protocol: SASL_SSL\n    ssl: {ca-file: " + caFile + "}\n"
                    + "    sasl: {mechanism: SCRAM_SHA_512, jaas-file: " + jaas + "}\n";
            ConfigLoader<KafkaSettings> loader = new ConfigLoader<>(role, "test",
                    n -> KafkaSection.read(n.object("kafka", "the Kafka"), role + "-it").orElse(null));
            return loader.parse(yaml, dir, Map.of()).value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As the dashboard reads alerts: assigned partitions, no consumer group, the section's security settings. */
    private static KafkaConsumer<String, byte[]> groupless(KafkaSettings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.clientId() + "-dashboard");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(s.overrides());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<JsonNode> kafkaUsers() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(USERS.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if ("KafkaUser".equals(n.path("kind").asText())) {
                    out.add(n);
                }
            }
        }
        assertThat(out).as("KafkaUsers in " + USERS).extracting(n -> n.path("metadata").path("name").asText())
                .contains("cascade-ingest", "cascade-infer", "cascade-actuate", "cascade-dashboard");
        return out;
    }

    private static List<AclBinding> acls(List<JsonNode> users) {
        List<AclBinding> out = new ArrayList<>();
        for (JsonNode u : users) {
            String principal = "User:" + u.path("metadata").path("name").asText();
            for (JsonNode acl : u.path("spec").path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                ResourceType type = ResourceType.fromString(r.path("type").asText().toUpperCase(Locale.ROOT));
                PatternType patternType = PatternType.fromString(r.path("patternType").asText("literal").toUpperCase(Locale.ROOT));
                assertThat(type).as("resource type of " + r).isIn(ResourceType.TOPIC, ResourceType.GROUP);
                assertThat(patternType).as("pattern type of " + r).isIn(PatternType.LITERAL, PatternType.PREFIXED);
                ResourcePattern pattern = new ResourcePattern(type, r.path("name").asText(), patternType);
                for (JsonNode op : acl.path("operations")) {
                    AclOperation operation = AclOperation.fromString(op.asText().toUpperCase(Locale.ROOT));
                    assertThat(operation).as("operation " + op).isNotEqualTo(AclOperation.UNKNOWN);
                    out.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
                }
            }
        }
        return out;
    }

    private static ConsumerRecord<String, byte[]> first(KafkaConsumer<String, byte[]> c) {
        while (true) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                return r;
            }
        }
    }

    private static String password() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
