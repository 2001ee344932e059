package dev.cascade.ingest;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;

/**
 * Settings of one ingest bridge instance.
 *
 * @param mqtt broker to read from (the bridge adds its persistent session and manual acknowledgement)
 * @param kafka Kafka to write to
 * @param topics the namespace of both sides
 * @param instanceId unique per instance; the MQTT client id and its persistent session hang on it
 * @param shareGroup the MQTT shared-subscription group all instances join (each message goes to one)
 * @param sessionExpiry how long the broker keeps this instance's unacknowledged messages while it is away
 * @param maxPending messages read from MQTT but not yet acknowledged by Kafka (the MQTT receive window)
 * @param gatewayDevices which devices each gateway may send escalations of in a batch (default: only itself)
 * @param stallAfter a message unacknowledged for longer than this is reported as a stall by {@code problems()}
 */
public record IngestConfig(MqttSettings mqtt, KafkaSettings kafka, Topics topics, String instanceId, String shareGroup,
                           Duration sessionExpiry, int maxPending, GatewayDevices gatewayDevices, Duration stallAfter) {
    public IngestConfig {
        if (mqtt == null) {
            throw new IllegalArgumentException("mqtt must not be null");
        }
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must not be null");
        }
        if (topics == null) {
            throw new IllegalArgumentException("topics must not be null");
        }
        if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("instanceId must be 1-64 characters of [A-Za-z0-9._-], was " + instanceId);
        }
        if (shareGroup == null || !shareGroup.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("shareGroup must be 1-64 characters of [A-Za-z0-9_-], was " + shareGroup);
        }
        if (sessionExpiry == null || sessionExpiry.isNegative() || sessionExpiry.isZero()) {
            throw new IllegalArgumentException("sessionExpiry must be > 0, was " + sessionExpiry);
        }
        if (maxPending < 1 || maxPending > 65535) {
            throw new IllegalArgumentException("maxPending must be in [1, 65535], was " + maxPending);
        }
        if (gatewayDevices == null) {
            throw new IllegalArgumentException("gatewayDevices must not be null (use GatewayDevices.NONE)");
        }
        if (stallAfter == null || stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be > 0, was " + stallAfter);
        }
    }

    /**
     * One instance {@code ingest-1} in group {@code ingest}, sessions kept 1 h, 1000 pending, gateways speak
     * only for themselves, stalls reported after 30 s.
     */
    public static IngestConfig defaults(String mqttUri, String kafkaBootstrap, Topics topics) {
        return new IngestConfig(MqttSettings.of(mqttUri, "ingest-1"), KafkaSettings.of(kafkaBootstrap, "ingest-1"), topics,
                "ingest-1", "ingest", Duration.ofHours(1), 1000,
                GatewayDevices.NONE, Duration.ofSeconds(30));
    }

    public IngestConfig withInstanceId(String id) {
        return new IngestConfig(mqtt.withClientId(id), kafka.withClientId(id), topics, id, shareGroup, sessionExpiry, maxPending, gatewayDevices,
                stallAfter);
    }

    public IngestConfig withKafka(KafkaSettings k) {
        return new IngestConfig(mqtt, k, topics, instanceId, shareGroup, sessionExpiry, maxPending, gatewayDevices,
                stallAfter);
    }

    public IngestConfig withGatewayDevices(GatewayDevices devices) {
        return new IngestConfig(mqtt, kafka, topics, instanceId, shareGroup, sessionExpiry, maxPending, devices,
                stallAfter);
    }

    public IngestConfig withStallAfter(Duration after) {
        return new IngestConfig(mqtt, kafka, topics, instanceId, shareGroup, sessionExpiry, maxPending,
                gatewayDevices, after);
    }

    public IngestConfig withMaxPending(int pending) {
        return new IngestConfig(mqtt, kafka, topics, instanceId, shareGroup, sessionExpiry, pending, gatewayDevices,
                stallAfter);
    }
}
