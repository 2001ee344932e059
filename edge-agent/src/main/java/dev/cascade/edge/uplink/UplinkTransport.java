package dev.cascade.edge.uplink;

import dev.cascade.transport.awsiot.AwsIotSettings;
import dev.cascade.transport.awsiot.UplinkLinks;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.MqttTransportException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which client carries the edge's links to the cloud broker (the outbox's sender and the device link with the command
 * subscriptions): Paho MQTT v5 with the {@code uplink-mqtt} settings, or the AWS IoT Device SDK v2 with its own.
 * Both use TLS with client certificates when so configured, reconnect with backoff and jitter, and keep a persistent
 * session when the settings ask for one. Immutable.
 *
 * @param kind the client
 * @param awsIot the AWS IoT settings: present exactly when {@code kind} is {@link Kind#AWS_IOT}
 */
public record UplinkTransport(Kind kind, Optional<AwsIotSettings> awsIot) {
    private static final Logger log = LoggerFactory.getLogger(UplinkTransport.class);

    /** The client of the uplink ({@code edge.uplink.transport}). */
    public enum Kind {
        /** Eclipse Paho MQTT v5 with {@code edge.uplink-mqtt}. */
        MQTT,
        /** The AWS IoT Device SDK for Java v2 with {@code edge.uplink.aws-iot}. */
        AWS_IOT
    }

    public UplinkTransport {
        if (kind == null || awsIot == null) {
            throw new IllegalArgumentException("kind and awsIot must not be null (awsIot: Optional.empty())");
        }
        if (kind == Kind.AWS_IOT && awsIot.isEmpty()) {
            throw new IllegalArgumentException("awsIot must be set when kind is aws-iot, was empty");
        }
        if (kind == Kind.MQTT && awsIot.isPresent()) {
            throw new IllegalArgumentException("awsIot must be empty when kind is mqtt, was " + awsIot.get().host());
        }
    }

    /** Paho with the {@code uplink-mqtt} settings. */
    public static UplinkTransport mqtt() {
        return new UplinkTransport(Kind.MQTT, Optional.empty());
    }

    /** The AWS IoT Device SDK with {@code settings}. */
    public static UplinkTransport awsIot(AwsIotSettings settings) {
        return new UplinkTransport(Kind.AWS_IOT, Optional.of(settings));
    }

    /**
     * Connects (waiting up to the connect timeout, else throwing {@link MqttTransportException}) with the client id of
     * the settings followed by {@code clientIdSuffix}, {@code routes} in place before the first message can arrive.
     */
    public MqttLink open(MqttSettings paho, String clientIdSuffix, List<MqttConnection.Route> routes) {
        return UplinkLinks.open(paho(paho, clientIdSuffix), aws(clientIdSuffix), routes);
    }

    /**
     * As {@link #open}, but when the broker cannot be reached now the link keeps trying in the background
     * (offline is normal on a device) instead of failing.
     */
    public MqttLink openOrKeepTrying(MqttSettings paho, String clientIdSuffix, List<MqttConnection.Route> routes) {
        try {
            return open(paho, clientIdSuffix, routes);
        } catch (MqttTransportException e) {
            log.warn("{} cannot reach {} at start ({}); it keeps trying in the background", clientId(paho, clientIdSuffix),
                    endpoint(paho), e.getMessage());
            return UplinkLinks.openEventually(paho(paho, clientIdSuffix), aws(clientIdSuffix), routes);
        }
    }

    /** Where the links go, for logs: {@code tcp://...}/{@code ssl://...} or {@code aws-iot://host:port}. */
    public String endpoint(MqttSettings paho) {
        return awsIot.map(a -> "aws-iot://" + a.host() + ":" + a.port()).orElse(paho.serverUri());
    }

    /** Whether QoS 1 messages sent while the links are down wait for them at the broker (a persistent session). */
    public boolean persistentSession(MqttSettings paho) {
        return awsIot.map(a -> !a.sessionExpiry().isZero()).orElse(!paho.cleanStart() && !paho.sessionExpiry().isZero());
    }

    private String clientId(MqttSettings paho, String suffix) {
        return awsIot.map(AwsIotSettings::clientId).orElse(paho.clientId()) + suffix;
    }

    private static MqttSettings paho(MqttSettings paho, String suffix) {
        return suffix.isEmpty() ? paho : paho.withClientId(paho.clientId() + suffix);
    }

    private Optional<AwsIotSettings> aws(String suffix) {
        return suffix.isEmpty() ? awsIot : awsIot.map(a -> a.withClientId(a.clientId() + suffix));
    }
}
