package dev.cascade.infra.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the in-process Kafka broker (one KRaft node acting as broker and controller).
 *
 * @param bindAddress interface to listen on (default 127.0.0.1)
 * @param port client port; 0 picks a free one
 * @param logDir where the log lives; empty: a temporary folder removed on close
 * @param overrides extra broker properties, applied last
 * @param saslSsl a second, SASL_SSL (SCRAM-SHA-512) client listener on another free port; empty: PLAINTEXT only
 */
public record KafkaBrokerConfig(String bindAddress, int port, Optional<Path> logDir, Map<String, String> overrides,
        Optional<SaslSslListener> saslSsl) {
    public KafkaBrokerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank, was " + bindAddress);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (logDir == null) {
            throw new IllegalArgumentException("logDir must not be null (use Optional.empty())");
        }
        overrides = Map.copyOf(overrides == null ? Map.of() : overrides);
        if (saslSsl == null) {
            throw new IllegalArgumentException("saslSsl must not be null (use Optional.empty())");
        }
    }

    /** PLAINTEXT only. */
    public KafkaBrokerConfig(String bindAddress, int port, Optional<Path> logDir, Map<String, String> overrides) {
        this(bindAddress, port, logDir, overrides, Optional.empty());
    }

    /** Loopback, a free port, a temporary log folder. */
    public static KafkaBrokerConfig defaults() {
        return new KafkaBrokerConfig("127.0.0.1", 0, Optional.empty(), Map.of());
    }

    public KafkaBrokerConfig withPort(int port) {
        return new KafkaBrokerConfig(bindAddress, port, logDir, overrides, saslSsl);
    }

    public KafkaBrokerConfig withLogDir(Path dir) {
        return new KafkaBrokerConfig(bindAddress, port, Optional.of(dir), overrides, saslSsl);
    }

    public KafkaBrokerConfig withBindAddress(String address) {
        return new KafkaBrokerConfig(address, port, logDir, overrides, saslSsl);
    }

    /** With a SASL_SSL listener beside the PLAINTEXT one. */
    public KafkaBrokerConfig withSaslSsl(SaslSslListener listener) {
        return new KafkaBrokerConfig(bindAddress, port, logDir, overrides, Optional.of(listener));
    }
}
