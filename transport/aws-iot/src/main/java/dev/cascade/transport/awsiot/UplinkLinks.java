package dev.cascade.transport.awsiot;

import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.MqttSettings;
import java.util.List;
import java.util.Optional;

/** The one place the edge's uplink transport is chosen: AWS IoT Core through the Device SDK when configured, else Paho. */
public final class UplinkLinks {
    private UplinkLinks() {}

    /** Opens the uplink: {@code aws} when present, otherwise a Paho connection with {@code paho}. */
    public static MqttLink open(MqttSettings paho, Optional<AwsIotSettings> aws, List<MqttConnection.Route> routes) {
        return aws.isPresent() ? AwsIotConnection.open(aws.get(), routes) : MqttConnection.open(paho, routes);
    }

    /** As {@link #open}, connecting in the background (retrying with backoff and jitter) instead of waiting. */
    public static MqttLink openEventually(MqttSettings paho, Optional<AwsIotSettings> aws, List<MqttConnection.Route> routes) {
        return aws.isPresent() ? AwsIotConnection.openEventually(aws.get(), routes) : MqttConnection.openEventually(paho, routes);
    }
}
