package dev.cascade.sim.transport;

import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.checks.Checks;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small pool of MQTT 5 connections that many devices share: a device is pinned to one connection by
 * its id and publishes its own topics through it. In-flight QoS 1 publishes per connection are bounded
 * ({@link MqttSettings#maxInflight()}); publishers block beyond it. Retained messages are dropped, never
 * handed to the devices (a command must be obeyed only when sent live). Thread-safe; must be closed.
 */
public final class MqttTransport implements Transport {
    private final MqttSettings settings;
    private final int size;
    private final int qos;
    private final List<Pooled> connections = new ArrayList<>();
    private final LongAdder retainedIgnored = new LongAdder();

    /**
     * @param settings connection settings; connection {@code i} uses client id {@code <clientId>-i}
     * @param connections how many connections to spread the devices over
     * @param qos 0 or 1 for windows and acknowledgements
     */
    public MqttTransport(MqttSettings settings, int connections, int qos) {
        this.settings = Checks.notNull(settings, "settings");
        Checks.check(connections >= 1 && connections <= 256, "connections", "in [1, 256]", connections);
        this.size = connections;
        Checks.check(qos == 0 || qos == 1, "qos", "0 or 1", qos);
        this.qos = qos;
    }

    @Override
    public void start(List<Subscription> subscriptions, Inbound inbound) {
        Checks.notNull(inbound, "inbound");
        if (!connections.isEmpty()) {
            throw new IllegalStateException("transport already started");
        }
        List<List<MqttConnection.Route>> routes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            routes.add(new ArrayList<>());
        }
        for (Subscription s : subscriptions) {
            int i = s.owner().map(this::indexOf).orElse(0);
            routes.get(i).add(new MqttConnection.Route(s.filter(), 1, (topic, payload, delivery) -> {
                // A retained command is an old order the broker kept (or a forged standing one): never obey it.
                if (delivery.retained()) {
                    retainedIgnored.increment();
                    return;
                }
                inbound.onMessage(topic, payload, delivery.userProperties());
            }));
        }
        try {
            for (int i = 0; i < size; i++) {
                connections.add(new Pooled(MqttConnection.open(settings.withClientId(settings.clientId() + "-" + i),
                        routes.get(i))));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private int indexOf(DeviceId device) {
        return Math.floorMod(device.value().hashCode(), size);
    }

    @Override
    public Link link(DeviceId device) {
        if (connections.size() != size) {
            throw new IllegalStateException("transport is not started");
        }
        return connections.get(indexOf(device));
    }

    /** Retained messages dropped instead of reaching a device. */
    public long retainedIgnored() {
        return retainedIgnored.sum();
    }

    /** Connection statistics, one per pooled connection. */
    public List<MqttConnection.Stats> connectionStats() {
        List<MqttConnection.Stats> out = new ArrayList<>();
        for (Pooled p : connections) {
            out.add(p.connection.stats());
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            connections.get(i).connection.close();
        }
        connections.clear();
    }

    private final class Pooled implements Link {
        final MqttConnection connection;

        Pooled(MqttConnection connection) {
            this.connection = connection;
        }

        @Override
        public void publish(String topic, byte[] payload, String contentType, CorrelationId correlationId,
                            Delivery delivery) {
            PublishOptions options = PublishOptions.contentType(contentType)
                    .withUserProperty(Headers.CORRELATION_ID, correlationId.value());
            connection.publish(topic, payload, qos, options).whenComplete((ok, error) -> {
                if (error == null) {
                    delivery.delivered();
                } else {
                    delivery.failed(error);
                }
            });
        }
    }
}
