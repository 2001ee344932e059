package dev.cascade.actuators.delivery;

import dev.cascade.actuators.forecast.ForecastCloseConfig;
import dev.cascade.actuators.interlock.InterlockConfig;
import dev.cascade.protocol.command.CommandSignature;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the command delivery bridge.
 *
 * @param mqtt broker the actuators listen on
 * @param kafka Kafka holding commands, acknowledgements and alerts
 * @param topics the namespace
 * @param instanceId unique per instance (MQTT client id, Kafka client id)
 * @param group the Kafka consumer group and MQTT share group of all instances
 * @param ackTimeout how long to wait for an actuator's acknowledgement before sending the command again
 * @param maxPerDevicePerMinute commands one device may receive per minute when no device kind says otherwise
 * @param interlocks the interlocks per device kind (its default rate limit is {@code maxPerDevicePerMinute})
 * @param signer signs every command published on MQTT ({@code cascade-sig}, {@code cascade-key}), if set
 * @param closeAfterOpen whether the bridge itself issues a {@code CloseValve} when an executed open's duration ends
 * @param forecastClose whether and when the bridge closes an open valve early because the forecast says enough
 * @param ackConnections MQTT connections sharing the acknowledgements' subscription (1-16)
 */
public record DeliveryConfig(MqttSettings mqtt, KafkaSettings kafka, Topics topics, String instanceId, String group,
                             Duration ackTimeout, int maxPerDevicePerMinute, InterlockConfig interlocks,
                             Optional<CommandSignature.Signer> signer, boolean closeAfterOpen,
                             ForecastCloseConfig forecastClose, int ackConnections) {
    /** Acknowledgement connections unless configured: enough that one waiting on Kafka rarely holds up the next. */
    public static final int DEFAULT_ACK_CONNECTIONS = 4;

    /** With the default early close by forecast ({@link ForecastCloseConfig#defaults()}) and {@link #DEFAULT_ACK_CONNECTIONS}. */
    public DeliveryConfig(MqttSettings mqtt, KafkaSettings kafka, Topics topics, String instanceId, String group,
                          Duration ackTimeout, int maxPerDevicePerMinute, InterlockConfig interlocks,
                          Optional<CommandSignature.Signer> signer, boolean closeAfterOpen) {
        this(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks, signer, closeAfterOpen,
                ForecastCloseConfig.defaults(), DEFAULT_ACK_CONNECTIONS);
    }

    /** Rate limit only, unsigned, with scheduled closes. */
    public DeliveryConfig(MqttSettings mqtt, KafkaSettings kafka, Topics topics, String instanceId, String group,
                          Duration ackTimeout, int maxPerDevicePerMinute) {
        this(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute,
                InterlockConfig.rateLimitOnly(Math.max(1, maxPerDevicePerMinute)), Optional.empty(), true);
    }

    public DeliveryConfig {
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
        if (group == null || !group.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("group must be 1-64 characters of [A-Za-z0-9_-], was " + group);
        }
        if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be > 0, was " + ackTimeout);
        }
        if (maxPerDevicePerMinute < 1) {
            throw new IllegalArgumentException("maxPerDevicePerMinute must be >= 1, was " + maxPerDevicePerMinute);
        }
        if (interlocks == null || signer == null) {
            throw new IllegalArgumentException("interlocks and signer must not be null (use Optional.empty())");
        }
        if (forecastClose == null) {
            throw new IllegalArgumentException("forecastClose must not be null (use ForecastCloseConfig.disabled())");
        }
        if (ackConnections < 1 || ackConnections > 16) {
            throw new IllegalArgumentException("ackConnections must be in [1, 16], was " + ackConnections);
        }
        if (interlocks.defaultMaxPerMinute() != maxPerDevicePerMinute) {
            interlocks = new InterlockConfig(interlocks.kinds(), maxPerDevicePerMinute);
        }
    }

    /** Instance {@code actuators-1}, group {@code actuators}, resend after 2 s, 60 commands per device per minute. */
    public static DeliveryConfig defaults(String mqttUri, String kafkaBootstrap, Topics topics) {
        return new DeliveryConfig(MqttSettings.of(mqttUri, "actuators-1"), KafkaSettings.of(kafkaBootstrap, "actuators-1"), topics, "actuators-1", "actuators", Duration.ofSeconds(2), 60);
    }

    public DeliveryConfig withAckTimeout(Duration timeout) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, timeout, maxPerDevicePerMinute, interlocks,
                signer, closeAfterOpen, forecastClose,
                ackConnections);
    }

    public DeliveryConfig withMaxPerDevicePerMinute(int n) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, n, interlocks, signer, closeAfterOpen, forecastClose,
                ackConnections);
    }

    public DeliveryConfig withInterlocks(InterlockConfig c) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, c, signer,
                closeAfterOpen, forecastClose,
                ackConnections);
    }

    public DeliveryConfig withSigner(CommandSignature.Signer s) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks,
                Optional.of(s), closeAfterOpen, forecastClose,
                ackConnections);
    }

    public DeliveryConfig withCloseAfterOpen(boolean close) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks,
                signer, close, forecastClose, ackConnections);
    }

    public DeliveryConfig withForecastClose(ForecastCloseConfig f) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks,
                signer, closeAfterOpen, f, ackConnections);
    }

    public DeliveryConfig withKafka(KafkaSettings k) {
        return new DeliveryConfig(mqtt, k, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks,
                signer, closeAfterOpen, forecastClose, ackConnections);
    }

    public DeliveryConfig withAckConnections(int n) {
        return new DeliveryConfig(mqtt, kafka, topics, instanceId, group, ackTimeout, maxPerDevicePerMinute, interlocks,
                signer, closeAfterOpen, forecastClose, n);
    }
}
