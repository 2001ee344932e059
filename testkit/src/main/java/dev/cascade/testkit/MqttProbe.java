package dev.cascade.testkit;

import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Subscribes to an MQTT filter and collects what arrives; also publishes. Must be closed. */
public final class MqttProbe implements AutoCloseable {
    /** One received message. */
    public record Message(String topic, byte[] payload) {}

    private final MqttConnection connection;
    private final List<Message> received = new ArrayList<>();

    public MqttProbe(MqttSettings settings) {
        this.connection = MqttConnection.open(settings);
    }

    public MqttProbe subscribe(String filter) {
        connection.subscribe(filter, 1, (topic, payload, d) -> {
            synchronized (received) {
                received.add(new Message(topic, payload));
                received.notifyAll();
            }
        });
        return this;
    }

    /** Publishes at QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, byte[] payload) {
        CompletableFuture<Void> f = connection.publish(topic, payload, 1, dev.cascade.transport.mqtt.PublishOptions.NONE);
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("publish to " + topic + " failed: " + e, e);
        }
    }

    /** Waits until at least {@code n} messages arrived or {@code timeout}; returns them all. */
    public List<Message> await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return List.copyOf(received);
        }
    }

    public List<Message> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public MqttConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
    }
}
