package dev.cascade.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSectionTest {
    private static final ConfigLoader<KafkaSettings> LOADER = new ConfigLoader<>("ingest", "test",
            n -> KafkaSection.read(n.object("kafka", "the Kafka"), "ingest-1").orElse(null));

    @Test
    void saslSsl_withPemTrustAndJaasFromTheEnvironment_becomesClientProperties(@TempDir Path dir)
            throws IOException, ConfigException {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        String yaml = """
                ingest:
                  kafka:
                    bootstrap: k1:9093,k2:9093
                    security-protocol: SASL_SSL
                    ssl: {ca-file: ca.pem}
                    sasl: {mechanism: SCRAM_SHA_512}
                    overrides: {linger.ms: 2, security.protocol: SASL_SSL}
                """;
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"jaas-pw\";";

        LoadedConfig<KafkaSettings> l = LOADER.parse(yaml, dir, Map.of("CASCADE_INGEST_KAFKA_SASL_JAAS", jaas));
        KafkaSettings k = l.value();

        assertThat(k.bootstrapServers()).isEqualTo("k1:9093,k2:9093");
        assertThat(k.clientId()).isEqualTo("ingest-1");
        assertThat(k.overrides()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
                .containsEntry("linger.ms", "2");
        assertThat(k.toString()).contains("sasl.jaas.config=******").doesNotContain("jaas-pw");
        assertThat(l.printed()).contains("ingest.kafka.sasl.jaas-file: ******").doesNotContain("jaas-pw");
    }

    @Test
    void keyStores_withPasswordsFromFiles_becomeClientProperties(@TempDir Path dir) throws IOException, ConfigException {
        Files.writeString(dir.resolve("ts-pw"), "trust-secret\n");
        Files.writeString(dir.resolve("ks-pw"), "store-secret");
        String yaml = "ingest:\n  kafka:\n    security-protocol: SSL\n    ssl:\n      truststore-file: t.p12\n"
                + "      truststore-password-file: ts-pw\n      keystore-file: k.p12\n      keystore-password-file: ks-pw\n";

        KafkaSettings k = LOADER.parse(yaml, dir, Map.of()).value();

        assertThat(k.overrides()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", dir.resolve("t.p12").toString())
                .containsEntry("ssl.truststore.password", "trust-secret")
                .containsEntry("ssl.keystore.location", dir.resolve("k.p12").toString())
                .containsEntry("ssl.keystore.password", "store-secret")
                .doesNotContainKey("sasl.jaas.config");
        assertThat(k.toString()).doesNotContain("trust-secret", "store-secret");
    }

    @Test
    void severalMistakes_areAllReportedWithTheirKeys() {
        String yaml = "ingest:\n  kafka:\n    bootstrap: nohost\n    security-protocol: SASL_SSL\n    ssl: {cert-file: c.pem}\n"
                + "    overrides: {linger.ms: [1]}\n    sasl: {mechanism: MD5}\n";

        assertThatThrownBy(() -> LOADER.parse(yaml, Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        "ingest.kafka.bootstrap must be host:port[,host:port...], was \"nohost\"",
                        "ingest.kafka.ssl.cert-file must be set together with key-file, was cert-file only",
                        "ingest.kafka.sasl.mechanism must be one of PLAIN|SCRAM_SHA_256|SCRAM_SHA_512|OAUTHBEARER|GSSAPI, was \"MD5\"",
                        "ingest.kafka.overrides.linger.ms must be a string, number or boolean, was array",
                        "ingest.kafka.sasl.jaas-file must be set when security-protocol is SASL_SSL, was (none)"));
    }

    @Test
    void defaults_areALocalPlaintextKafka() throws ConfigException {
        KafkaSettings k = LOADER.parse("", Path.of("."), Map.of()).value();

        assertThat(k.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(k.overrides()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }
}
