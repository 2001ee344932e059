package dev.cascade.sim.transport;

import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport without a broker: publishes succeed at once and are kept (up to a limit) for
 * inspection, and {@link #deliver} plays a message to the devices. For tests and for measuring what
 * the fleet itself can generate. Thread-safe.
 */
public final class InMemoryTransport implements Transport {
    private final int keep;
    private final List<Published> published = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Inbound inbound;
    private volatile List<Subscription> subscriptions = List.of();

    /** @param keep how many publishes to keep for {@link #published()} (0 to only count them) */
    public InMemoryTransport(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, was " + keep);
        }
        this.keep = keep;
    }

    /** One publish as it would have reached the broker. */
    public record Published(String topic, byte[] payload, String contentType, CorrelationId correlationId) {}

    @Override
    public void start(List<Subscription> subscriptions, Inbound inbound) {
        this.subscriptions = List.copyOf(subscriptions);
        this.inbound = inbound;
    }

    @Override
    public Link link(DeviceId device) {
        return (topic, payload, contentType, correlationId, delivery) -> {
            count.incrementAndGet();
            bytes.addAndGet(payload.length);
            synchronized (published) {
                if (published.size() < keep) {
                    published.add(new Published(topic, payload, contentType, correlationId));
                }
            }
            delivery.delivered();
        };
    }

    /** Hands {@code payload} to the devices as if it had arrived on {@code topic}. */
    public void deliver(String topic, byte[] payload) {
        deliver(topic, payload, java.util.Map.of());
    }

    /** Hands {@code payload} with MQTT user {@code properties} to the devices as if it had arrived on {@code topic}. */
    public void deliver(String topic, byte[] payload, java.util.Map<String, String> properties) {
        Inbound in = inbound;
        if (in == null) {
            throw new IllegalStateException("transport is not started");
        }
        in.onMessage(topic, payload, properties);
    }

    /** The subscriptions the fleet asked for. */
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** A copy of the kept publishes, oldest first. */
    public List<Published> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    public long publishCount() {
        return count.get();
    }

    public long publishedBytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        inbound = null;
    }
}
