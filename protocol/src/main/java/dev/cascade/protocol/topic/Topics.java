package dev.cascade.protocol.topic;

import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.window.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one topic-naming scheme for MQTT and Kafka, under a namespace (default {@code cascade}):
 * <pre>
 *   MQTT   {ns}/v1/{deviceId}/{channel}     e.g. cascade/v1/press-07/escalations
 *   Kafka  {ns}.v1.{channel}                e.g. cascade.v1.escalations   (key: deviceId)
 * </pre>
 * The device is the MQTT topic's third level, so broker ACLs can let a device publish only under its
 * own id. Separate namespaces let several pipelines (or tests) share brokers.
 */
public final class Topics {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** The production namespace. */
    public static final Topics DEFAULT = new Topics("cascade");

    private final String namespace;
    private final String mqttPrefix;
    private final String kafkaPrefix;

    public Topics(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 1-32 characters of [a-z0-9-] starting with a letter, was "
                    + (namespace == null ? "null" : '"' + namespace + '"'));
        }
        this.namespace = namespace;
        this.mqttPrefix = namespace + "/v" + WireMessage.SCHEMA_VERSION + "/";
        this.kafkaPrefix = namespace + ".v" + WireMessage.SCHEMA_VERSION + ".";
    }

    public String namespace() {
        return namespace;
    }

    /** The MQTT topic a device publishes (or receives) {@code channel} traffic on. */
    public String mqtt(Channel channel, DeviceId device) {
        requireMqtt(channel);
        return mqttPrefix + device.value() + "/" + channel.segment();
    }

    /** The MQTT filter matching {@code channel} traffic of every device. */
    public String mqttFilter(Channel channel) {
        requireMqtt(channel);
        return mqttPrefix + "+/" + channel.segment();
    }

    /**
     * The MQTT topic alarm notifications of one site go out on, {@code {ns}/v1/alarms/{site}} (for mobile apps;
     * {@code site}: 1-64 characters of [a-z0-9_-]).
     */
    public String mqttAlarms(String site) {
        if (site == null || !site.matches("[a-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("site must be 1-64 characters of [a-z0-9_-], was " + site);
        }
        return mqttPrefix + Channel.ALARMS.segment() + "/" + site;
    }

    /** A shared subscription ({@code $share/group/...}): each message goes to one member of the group. */
    public String mqttShared(String group, Channel channel) {
        if (group == null || !group.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("group must be 1-64 characters of [A-Za-z0-9_-], was " + group);
        }
        return "$share/" + group + "/" + mqttFilter(channel);
    }

    /** The Kafka topic of {@code channel}. */
    public String kafka(Channel channel) {
        if (!channel.onKafka()) {
            throw new IllegalArgumentException("channel " + channel + " is not carried on Kafka");
        }
        return kafkaPrefix + channel.segment();
    }

    /** Every Kafka topic of this namespace. */
    public List<String> allKafka() {
        List<String> out = new ArrayList<>();
        for (Channel c : Channel.values()) {
            if (c.onKafka()) {
                out.add(kafka(c));
            }
        }
        return out;
    }

    /** The device and channel of an MQTT topic of this namespace, if it is one. */
    public Optional<Route> parseMqtt(String topic) {
        if (topic == null || !topic.startsWith(mqttPrefix)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', mqttPrefix.length());
        if (slash < 0 || topic.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String device = topic.substring(mqttPrefix.length(), slash);
        String segment = topic.substring(slash + 1);
        for (Channel c : Channel.values()) {
            if (c.onMqtt() && c.segment().equals(segment)) {
                try {
                    return Optional.of(new Route(DeviceId.of(device), c));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static void requireMqtt(Channel channel) {
        if (!channel.onMqtt()) {
            throw new IllegalArgumentException("channel " + channel + " is not carried on MQTT");
        }
    }

    /** A parsed MQTT topic. */
    public record Route(DeviceId device, Channel channel) {}

    @Override
    public String toString() {
        return "Topics[" + namespace + "]";
    }
}
