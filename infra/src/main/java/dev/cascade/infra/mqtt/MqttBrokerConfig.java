package dev.cascade.infra.mqtt;

import dev.cascade.infra.mqtt.security.BrokerSecurity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the in-process MQTT broker.
 *
 * @param bindAddress interface to listen on (default 127.0.0.1)
 * @param port TCP port; 0 picks a free one
 * @param dataDir where HiveMQ keeps its files; empty: a temporary folder removed on close
 * @param maxQueuedMessagesPerClient messages kept for an offline persistent session
 * @param security identities, ACLs and TLS; empty: the broker is open to anyone who reaches it
 */
public record MqttBrokerConfig(String bindAddress, int port, Optional<Path> dataDir, long maxQueuedMessagesPerClient,
                               Optional<BrokerSecurity> security) {
    /** An open broker (no authentication, no ACL). */
    public MqttBrokerConfig(String bindAddress, int port, Optional<Path> dataDir, long maxQueuedMessagesPerClient) {
        this(bindAddress, port, dataDir, maxQueuedMessagesPerClient, Optional.empty());
    }

    public MqttBrokerConfig {
        if (security == null) {
            throw new IllegalArgumentException("security must not be null (use Optional.empty())");
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank, was " + bindAddress);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must not be null (use Optional.empty())");
        }
        if (maxQueuedMessagesPerClient < 1) {
            throw new IllegalArgumentException("maxQueuedMessagesPerClient must be >= 1, was " + maxQueuedMessagesPerClient);
        }
    }

    /** Loopback, a free port, a temporary folder, 100,000 queued messages per client. */
    public static MqttBrokerConfig defaults() {
        return new MqttBrokerConfig("127.0.0.1", 0, Optional.empty(), 100_000);
    }

    public MqttBrokerConfig withPort(int port) {
        return new MqttBrokerConfig(bindAddress, port, dataDir, maxQueuedMessagesPerClient, security);
    }

    public MqttBrokerConfig withBindAddress(String address) {
        return new MqttBrokerConfig(address, port, dataDir, maxQueuedMessagesPerClient, security);
    }

    /** Only the fleet's identities may connect, each doing only what the ACL model grants it. */
    public MqttBrokerConfig withSecurity(BrokerSecurity s) {
        return new MqttBrokerConfig(bindAddress, port, dataDir, maxQueuedMessagesPerClient, Optional.of(s));
    }
}
