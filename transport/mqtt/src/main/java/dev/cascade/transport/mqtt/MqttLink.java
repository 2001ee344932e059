package dev.cascade.transport.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The small MQTT surface the edge's uplink needs, whatever client carries it: publish with the broker's
 * acknowledgement, subscribe, and the link's state. {@link MqttConnection} (Paho) is one; the AWS IoT Device SDK
 * connection of {@code transport/aws-iot} is the other. Implementations are thread-safe and must be closed.
 */
public interface MqttLink extends AutoCloseable {
    /** Publishes; the future completes when the broker has it (QoS 1: PUBACK) and fails if it refused or it cannot be sent. */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, PublishOptions options);

    /** Subscribes {@code handler} to {@code filter} and waits for the broker; renewed after every reconnect. */
    void subscribe(String filter, int qos, MessageHandler handler);

    /** Whether the link is up now. */
    boolean connected();

    /** The client id this link connects with. */
    String clientId();

    @Override
    void close();
}
