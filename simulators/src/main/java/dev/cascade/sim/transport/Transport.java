package dev.cascade.sim.transport;

import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.util.Map;

/**
 * How simulated devices reach the broker: many devices multiplexed over a few connections, each
 * device still publishing on and subscribing to its own topics. Must be closed.
 */
public interface Transport extends AutoCloseable {

    /**
     * Connects, subscribes every device to its topic in {@code subscriptions} and from then on hands
     * every arriving message to {@code inbound} (on a transport thread; it must not block).
     */
    void start(Map<DeviceId, String> subscriptions, Inbound inbound) throws TransportException;

    /** The connection {@code device} publishes through; valid after {@link #start}. */
    Link link(DeviceId device);

    @Override
    void close();

    /** Receives messages for the devices. */
    interface Inbound {
        void onMessage(String topic, byte[] payload);
    }

    /** One device's way out. Thread-safe. */
    interface Link {
        /**
         * Publishes {@code payload}; blocks while the connection's in-flight window is full (back
         * pressure), then reports the outcome to {@code delivery} on a transport thread.
         */
        void publish(String topic, byte[] payload, String contentType, CorrelationId correlationId, Delivery delivery);
    }

    /** The outcome of one publish. */
    interface Delivery {
        void delivered();

        void failed(Throwable cause);
    }
}
