package dev.cascade.transport.kafka;

import dev.cascade.config.ConfigNode;
import dev.cascade.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kafka:} keys of a role's configuration file, defined once for every role, read into
 * {@link KafkaSettings} (security settings become client properties in {@link KafkaSettings#overrides()}).
 */
public final class KafkaSection {
    /** Kafka's {@code security.protocol}. */
    public enum Protocol { PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL }

    /** Kafka's {@code sasl.mechanism}. */
    public enum Mechanism {
        PLAIN("PLAIN"), SCRAM_SHA_256("SCRAM-SHA-256"), SCRAM_SHA_512("SCRAM-SHA-512"), OAUTHBEARER("OAUTHBEARER"),
        GSSAPI("GSSAPI");

        private final String kafkaName;

        Mechanism(String kafkaName) {
            this.kafkaName = kafkaName;
        }
    }

    private KafkaSection() {}

    /** Reads the section; {@code defaultClientId} is used when the file names none. Empty when it has violations. */
    public static Optional<KafkaSettings> read(ConfigNode n, String defaultClientId) {
        String bootstrap = n.text("bootstrap", "127.0.0.1:9092", "[^,\\s]+:\\d{1,5}(,[^,\\s]+:\\d{1,5})*",
                "host:port[,host:port...]", "bootstrap servers");
        String clientId = n.text("client-id", defaultClientId, "[A-Za-z0-9._-]{1,100}",
                "1-100 characters of [A-Za-z0-9._-]", "prefix of this process's client ids");
        Protocol protocol = n.choice("security-protocol", Protocol.class, Protocol.PLAINTEXT, "security.protocol");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", protocol.name());
        readSsl(n.object("ssl", "TLS: PEM files or Java key stores"), props);
        ConfigNode sasl = n.object("sasl", "SASL authentication");
        Optional<Mechanism> mechanism = sasl.present() || sasl.documentingOnly()
                ? Optional.of(sasl.choice("mechanism", Mechanism.class, Mechanism.PLAIN, "sasl.mechanism"))
                : Optional.empty();
        Optional<Secret> jaas = sasl.secret("jaas", "file holding the sasl.jaas.config line");
        sasl.finish();
        Map<String, String> overrides = n.map("overrides",
                "client properties applied last (e.g. linger.ms, max.block.ms)");
        n.finish();
        boolean saslProtocol = protocol == Protocol.SASL_PLAINTEXT || protocol == Protocol.SASL_SSL;
        if (!n.documentingOnly() && saslProtocol && jaas.isEmpty()) {
            n.violation("sasl.jaas-file", "set when security-protocol is " + protocol, "(none)");
        }
        if (saslProtocol) {
            mechanism.ifPresent(m -> props.put("sasl.mechanism", m.kafkaName));
            jaas.ifPresent(j -> props.put("sasl.jaas.config", j.reveal()));
        }
        props.putAll(overrides);
        return n.build(() -> new KafkaSettings(bootstrap, clientId, props));
    }

    private static void readSsl(ConfigNode s, Map<String, String> props) {
        Optional<Path> caPem = s.optionalPath("ca-file", "PEM file of the CA certificates to trust");
        Optional<Path> certPem = s.optionalPath("cert-file", "PEM client certificate chain (mutual TLS)");
        Optional<Path> keyPem = s.optionalPath("key-file", "PEM client private key (PKCS#8)");
        Optional<Path> truststore = s.optionalPath("truststore-file", "trust store (PKCS12 or JKS), instead of ca-file");
        Optional<Secret> truststorePassword = s.secret("truststore-password", "file holding the trust store password");
        Optional<Path> keystore = s.optionalPath("keystore-file", "key store (PKCS12 or JKS), instead of cert-file and key-file");
        Optional<Secret> keystorePassword = s.secret("keystore-password", "file holding the key store password");
        Optional<Secret> keyPassword = s.secret("key-password", "file holding the password of the key in the key store");
        s.finish();
        if (caPem.isPresent() && truststore.isPresent()) {
            s.violation("ca-file", "unset when truststore-file is set", caPem.get());
        }
        if (certPem.isPresent() != keyPem.isPresent()) {
            s.violation("cert-file", "set together with key-file", certPem.isPresent() ? "cert-file only" : "key-file only");
        }
        caPem.flatMap(p -> content(s, "ca-file", p)).ifPresent(pem -> {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.certificates", pem);
        });
        truststore.ifPresent(p -> props.put("ssl.truststore.location", p.toString()));
        truststorePassword.ifPresent(p -> props.put("ssl.truststore.password", p.reveal()));
        if (certPem.isPresent() && keyPem.isPresent()) {
            Optional<String> cert = content(s, "cert-file", certPem.get());
            Optional<String> key = content(s, "key-file", keyPem.get());
            if (cert.isPresent() && key.isPresent()) {
                props.put("ssl.keystore.type", "PEM");
                props.put("ssl.keystore.certificate.chain", cert.get());
                props.put("ssl.keystore.key", key.get());
            }
        }
        keystore.ifPresent(p -> props.put("ssl.keystore.location", p.toString()));
        keystorePassword.ifPresent(p -> props.put("ssl.keystore.password", p.reveal()));
        keyPassword.ifPresent(p -> props.put("ssl.key.password", p.reveal()));
    }

    private static Optional<String> content(ConfigNode s, String key, Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | RuntimeException e) {
            s.violation(key, "a readable PEM file", '"' + file.toString() + '"');
            return Optional.empty();
        }
    }
}
