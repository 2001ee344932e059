package dev.cascade.cli.role;

import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * One broker a role needs, and a single attempt to reach it.
 *
 * @param name how messages name it, e.g. {@code MQTT broker tcp://127.0.0.1:1883}
 * @param attempt one try; throws when the broker does not answer within {@code timeout}
 */
record BrokerProbe(String name, Attempt attempt) {
    /** One try to reach a broker. */
    @FunctionalInterface
    interface Attempt {
        void tryOnce(Duration timeout) throws Exception;
    }

    BrokerProbe {
        if (name == null || attempt == null) {
            throw new IllegalArgumentException("name and attempt must not be null");
        }
    }

    /**
     * Connects with a clean, throw-away session (same address, TLS and login) and disconnects. With a certificate per
     * connection it presents the certificate of its own client id ({@code <client-id>-probe}): on a broker that forces
     * the client id to the CN, the role's certificate would make the probe's clean start wipe the role's session.
     */
    static BrokerProbe mqtt(MqttSettings s) {
        String id = (s.clientId().length() > 120 ? s.clientId().substring(0, 120) : s.clientId()) + "-probe";
        return new BrokerProbe("MQTT broker " + s.serverUri(), timeout -> {
            Duration t = timeout.compareTo(s.connectTimeout()) < 0 ? timeout : s.connectTimeout();
            var tls = s.tlsPerClient().isPresent() ? java.util.Optional.of(s.tlsPerClient().get().forClient(id)) : s.tls();
            MqttSettings probe = new MqttSettings(s.serverUri(), id, true, Duration.ZERO, s.keepAlive(),
                    t.isZero() ? Duration.ofMillis(100) : t, s.maxInflight(), false, s.username(), s.password(), tls);
            MqttConnection.open(probe).close();
        });
    }

    /** Asks the cluster for its nodes. */
    static BrokerProbe kafka(KafkaSettings s) {
        return new BrokerProbe("Kafka " + s.bootstrapServers(), timeout -> {
            Admin admin = KafkaClients.admin(s.withClientId(s.clientId() + "-probe"));
            try {
                admin.describeCluster().nodes().get(Math.max(100, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } finally {
                admin.close(Duration.ZERO);
            }
        });
    }
}
