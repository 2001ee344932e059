package dev.cascade.ingest.config;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import dev.cascade.ingest.GatewayDevices;
import dev.cascade.ingest.IngestConfig;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.kafka.KafkaSection;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicCreation;
import dev.cascade.transport.mqtt.MqttSection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ingest bridge's configuration file ({@code cascade ingest --config ingest.yaml}, top-level key {@code ingest}).
 *
 * @param bridge the bridge's settings
 * @param createTopics whether and how the namespace's missing Kafka topics are created at start
 * @param ops where its health and metrics endpoint listens
 * @param lifecycle start-up retry and shutdown bounds
 */
public record IngestConfigFile(IngestConfig bridge, TopicCreation createTopics, OpsSettings ops, Lifecycle lifecycle) {
    /** Reads and documents {@code ingest.*}. */
    public static final ConfigLoader<IngestConfigFile> LOADER =
            new ConfigLoader<>("ingest", "the MQTT to Kafka bridge", IngestConfigFile::read);

    public IngestConfigFile {
        if (bridge == null || createTopics == null || ops == null || lifecycle == null) {
            throw new IllegalArgumentException("bridge, ops and lifecycle must not be null");
        }
    }

    private static IngestConfigFile read(ConfigNode n) {
        String instance = n.text("instance-id", "ingest-1", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "unique per instance; the MQTT client id and persistent session hang on it");
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "a namespace like cascade", "topic namespace");
        String group = n.text("share-group", "ingest", "[A-Za-z0-9_-]{1,64}", "1-64 characters of [A-Za-z0-9_-]",
                "MQTT shared-subscription group of all instances");
        Duration expiry = n.duration("session-expiry", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(30),
                "how long the broker keeps this instance's unacknowledged messages while it is away");
        int pending = (int) n.integer("max-pending", 1000, 1, 65535, "messages read from MQTT but not yet in Kafka");
        Map<String, String> served = n.map("gateway-devices", "gateway id -> comma-separated device-id prefixes it may send"
                + " escalations of in a batch ('*': any device); a gateway not listed speaks only for itself");
        Duration stallAfter = n.duration("stall-after", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1),
                "a message unacknowledged by Kafka for longer than this is reported on /health/live");
        Optional<GatewayDevices> gateways = n.build(() -> gatewayDevices(served));
        Optional<MqttSettings> mqtt = MqttSection.read(n.object("mqtt", "the broker escalations arrive on"), instance);
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka escalations go to"), instance);
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9402);
        Lifecycle lifecycle = Lifecycle.read(n);
        if (mqtt.isEmpty() || kafka.isEmpty() || gateways.isEmpty()) {
            return null;
        }
        return n.build(() -> new IngestConfigFile(new IngestConfig(mqtt.get(), kafka.get(), new Topics(namespace),
                instance, group, expiry, pending, gateways.get(), stallAfter), create, ops, lifecycle)).orElse(null);
    }

    private static GatewayDevices gatewayDevices(Map<String, String> served) {
        Map<DeviceId, List<String>> prefixes = new LinkedHashMap<>();
        served.forEach((gateway, list) -> {
            List<String> p = new ArrayList<>();
            for (String s : list.split(",")) {
                String t = s.strip();
                if (!t.isEmpty()) {
                    p.add(t.equals("*") ? "" : t);
                }
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("gateway-devices." + gateway + " must list device-id prefixes or '*', was \""
                        + list + "\"");
            }
            prefixes.put(DeviceId.of(gateway), p);
        });
        return new GatewayDevices(prefixes);
    }
}
