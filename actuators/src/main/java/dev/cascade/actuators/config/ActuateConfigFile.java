package dev.cascade.actuators.config;

import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSection;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicCreation;
import dev.cascade.transport.mqtt.MqttSection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The command delivery bridge's configuration file ({@code cascade actuate --config actuate.yaml}, top-level key
 * {@code actuate}).
 *
 * @param delivery the bridge's settings
 * @param createTopics whether and how the namespace's missing Kafka topics are created at start
 * @param ops where its health and metrics endpoint listens
 * @param lifecycle start-up retry and shutdown bounds
 * @param alarms the alarm service: lifecycle, notification channels and routes
 */
public record ActuateConfigFile(DeliveryConfig delivery, TopicCreation createTopics, OpsSettings ops, Lifecycle lifecycle,
                                AlarmsSection alarms) {
    /** Reads and documents {@code actuate.*}. */
    public static final ConfigLoader<ActuateConfigFile> LOADER =
            new ConfigLoader<>("actuate", "command delivery to the actuators", ActuateConfigFile::read);

    public ActuateConfigFile {
        if (delivery == null || createTopics == null || ops == null || lifecycle == null) {
            throw new IllegalArgumentException("delivery, ops and lifecycle must not be null");
        }
        alarms = alarms == null ? AlarmsSection.defaults() : alarms;
    }

    /** A file with the default alarm settings. */
    public ActuateConfigFile(DeliveryConfig delivery, TopicCreation createTopics, OpsSettings ops, Lifecycle lifecycle) {
        this(delivery, createTopics, ops, lifecycle, AlarmsSection.defaults());
    }

    private static ActuateConfigFile read(ConfigNode n) {
        String instance = n.text("instance-id", "actuators-1", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "unique per instance (client ids)");
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "a namespace like cascade", "topic namespace");
        String group = n.text("group", "actuators", "[A-Za-z0-9_-]{1,64}", "1-64 characters of [A-Za-z0-9_-]",
                "Kafka consumer group and MQTT share group of all instances");
        Duration ackTimeout = n.duration("ack-timeout", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofHours(1),
                "how long to wait for an actuator's acknowledgement before sending again");
        int perMinute = (int) n.integer("max-per-device-per-minute", 60, 1, 1_000_000,
                "commands one device may receive per minute (interlock)");
        Optional<MqttSettings> mqtt = MqttSection.read(n.object("mqtt", "the broker the actuators listen on"), instance);
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka holding commands and acks"), instance);
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9404);
        Lifecycle lifecycle = Lifecycle.read(n);
        AlarmsSection alarms = AlarmsSection.read(n.object("alarms", "the alarm service: alarms from alerts, and who is told"));
        if (mqtt.isEmpty() || kafka.isEmpty() || alarms == null) {
            return null;
        }
        return n.build(() -> new ActuateConfigFile(new DeliveryConfig(mqtt.get(), kafka.get(), new Topics(namespace),
                instance, group, ackTimeout, perMinute), create, ops, lifecycle, alarms)).orElse(null);
    }
}
