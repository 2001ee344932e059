package dev.cascade.actuators.config;

import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.actuators.forecast.ForecastCloseConfig;
import dev.cascade.actuators.interlock.CommandType;
import dev.cascade.actuators.interlock.DeviceKind;
import dev.cascade.actuators.interlock.InterlockConfig;
import dev.cascade.config.Secret;
import dev.cascade.protocol.command.CommandSignature;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
        boolean closeAfterOpen = n.bool("close-valves-after-open", true,
                "the bridge issues close_valve itself when an executed open_valve's duration ends");
        int ackConnections = (int) n.integer("ack-connections", DeliveryConfig.DEFAULT_ACK_CONNECTIONS, 1, 16,
                "MQTT connections sharing the acknowledgements' subscription (client ids <instance-id>-acks-<n>); an"
                        + " acknowledgement holds its connection until its fate is on Kafka");
        ConfigNode early = n.object("forecast-close", "closing an open valve early when the cloud's forecast says the"
                + " zone has had enough (the planned-duration close stays as the backstop)");
        boolean earlyEnabled = early.bool("enabled", true, "watch the results topic and close an open valve once its"
                + " zone's forecast reaches the target band");
        double margin = early.number("target-margin-pct", ForecastCloseConfig.DEFAULT_MARGIN_PCT, 0, 50,
                "percentage points above the result's irrigation threshold the forecast moisture must reach (0: as"
                + " soon as the forecast water need is zero); keep it within the edge's forecast-margin so such"
                + " windows reach the cloud");
        early.finish();
        List<DeviceKind> kinds = new ArrayList<>();
        for (ConfigNode k : n.list("device-kinds", "interlocks per kind of actuator; none: every device takes every"
                + " command, with only the rate limit, lock-out, conflicts and operator-only resume")) {
            readKind(k, perMinute).ifPresent(kinds::add);
        }
        ConfigNode sign = n.object("signing", "Ed25519 signing of every command published on MQTT");
        Optional<String> keyId = sign.optionalText("key-id", "the key id sent as cascade-key (1-64 of [A-Za-z0-9._-])");
        Optional<Secret> key = sign.secret("private-key", "PKCS#8 PEM Ed25519 private key that signs commands");
        Optional<CommandSignature.Signer> signer = Optional.empty();
        if (key.isPresent() != keyId.isPresent()) {
            sign.violation("key-id", "set together with private-key-file", keyId.orElse("(none)"));
        } else if (key.isPresent()) {
            try {
                signer = Optional.of(new CommandSignature.Signer(keyId.get(), CommandSignature.privateKey(key.get().reveal())));
            } catch (IllegalArgumentException e) {
                sign.violation("private-key-file", "a PKCS#8 PEM Ed25519 private key", "unreadable");
            }
        }
        sign.finish();
        Optional<MqttSettings> mqtt = MqttSection.read(n.object("mqtt", "the broker the actuators listen on"), instance);
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka holding commands and acks"), instance);
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9404);
        Lifecycle lifecycle = Lifecycle.read(n);
        AlarmsSection alarms = AlarmsSection.read(n.object("alarms", "the alarm service: alarms from alerts, and who is told"));
        if (mqtt.isEmpty() || kafka.isEmpty() || alarms == null) {
            return null;
        }
        Optional<CommandSignature.Signer> s = signer;
        return n.build(() -> new ActuateConfigFile(new DeliveryConfig(mqtt.get(), kafka.get(), new Topics(namespace),
                instance, group, ackTimeout, perMinute, new InterlockConfig(kinds, perMinute), s, closeAfterOpen,
                new ForecastCloseConfig(earlyEnabled, margin), ackConnections),
                create, ops, lifecycle, alarms)).orElse(null);
    }

    private static Optional<DeviceKind> readKind(ConfigNode k, int perMinute) {
        String name = k.text("name", "valve", "[a-z][a-z0-9_-]{0,31}", "1-32 characters of [a-z0-9_-]", "the kind's name");
        String prefixes = k.text("device-prefixes", "zone-", "[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*",
                "comma-separated device id prefixes", "device ids starting with one of these are of this kind");
        List<CommandType> commands = k.choices("commands", CommandType.class,
                List.of(CommandType.OPEN_VALVE, CommandType.CLOSE_VALVE), "the command types this kind takes");
        Optional<Duration> maxOpen = k.optionalDuration("max-open", Duration.ofSeconds(1), Duration.ofHours(6),
                "the longest one open_valve may keep a valve open (longer ones are refused: max_open_time)");
        Duration minInterval = k.duration("min-interval", Duration.ZERO, Duration.ZERO, Duration.ofHours(24),
                "the shortest time from a stop or close to the next resume or open (min_interval); stops are never held");
        int max = (int) k.integer("max-per-minute", perMinute, 1, 1_000_000,
                "commands one device of this kind may receive per minute (rate_limit)");
        k.finish();
        Set<String> types = commands.stream().map(CommandType::wireName).collect(Collectors.toSet());
        return k.build(() -> new DeviceKind(name, Arrays.asList(prefixes.split(",")), types, maxOpen, minInterval, max));
    }
}
