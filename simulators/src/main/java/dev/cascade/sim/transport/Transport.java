package dev.cascade.sim.transport;

import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.checks.Checks;
import java.util.List;
import java.util.Optional;

/**
 * How simulated devices reach the broker: many devices multiplexed over a few connections, each
 * device still publishing on its own topics. Must be closed.
 */
public interface Transport extends AutoCloseable {

    /**
     * Connects, makes {@code subscriptions} and from then on hands every arriving message to
     * {@code inbound} (on a transport thread; it must return quickly).
     *
     * @throws RuntimeException if the broker cannot be reached or refuses a subscription
     */
    void start(List<Subscription> subscriptions, Inbound inbound);

    /** The connection {@code device} publishes through; valid after {@link #start}. */
    Link link(DeviceId device);

    @Override
    void close();

    /**
     * A topic filter to subscribe to, on the connection of {@code owner} if there is one (a device's own
     * command topic), otherwise on the first connection (a filter covering many devices).
     */
    record Subscription(String filter, Optional<DeviceId> owner) {
        public Subscription {
            Checks.check(filter != null && !filter.isBlank(), "filter", "not blank", filter);
            Checks.notNull(owner, "owner");
        }
    }

    /** Receives messages for the devices. */
    interface Inbound {
        /** A message with its MQTT v5 user properties (e.g. a command's signature; empty when none). */
        void onMessage(String topic, byte[] payload, java.util.Map<String, String> properties);
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
