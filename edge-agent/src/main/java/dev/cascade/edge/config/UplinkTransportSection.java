package dev.cascade.edge.config;

import dev.cascade.config.ConfigNode;
import dev.cascade.edge.uplink.UplinkTransport;
import dev.cascade.transport.awsiot.AwsIotSection;
import dev.cascade.transport.awsiot.AwsIotSettings;
import java.util.Optional;

/** Reads {@code edge.uplink.transport} and {@code edge.uplink.aws-iot.*}: which client carries the links to the cloud. */
final class UplinkTransportSection {
    private UplinkTransportSection() {}

    /** The transport; empty (violations recorded) when aws-iot is chosen and its section is missing or invalid. */
    static Optional<UplinkTransport> read(ConfigNode u, String gateway) {
        UplinkTransport.Kind kind = u.choice("transport", UplinkTransport.Kind.class, UplinkTransport.Kind.MQTT,
                "the client of the links to the cloud broker (the outbox's sender and the device link with the command"
                        + " subscriptions): mqtt (Eclipse Paho, settings in edge.uplink-mqtt) or aws-iot (the AWS IoT"
                        + " Device SDK v2, settings in edge.uplink.aws-iot)");
        Optional<ConfigNode> a = u.optionalObject("aws-iot", "AWS IoT Core (or any MQTT 5 broker with mutual TLS)"
                + " through the AWS IoT Device SDK, when transport is aws-iot; the device link connects as"
                + " <client-id>-device, so the policy must allow both client ids");
        if (u.documentingOnly()) {
            a.ifPresent(n -> AwsIotSection.read(n, gateway));
            return Optional.of(UplinkTransport.mqtt());
        }
        if (kind == UplinkTransport.Kind.MQTT) {
            return Optional.of(UplinkTransport.mqtt());
        }
        if (a.isEmpty()) {
            u.violation("aws-iot", "set when transport is aws-iot (host, cert-file, key-file, ...)", "(none)");
            return Optional.empty();
        }
        Optional<AwsIotSettings> s = AwsIotSection.read(a.get(), gateway);
        return s.map(UplinkTransport::awsIot);
    }
}
