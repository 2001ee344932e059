package dev.cascade.edge.uplink;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.PublishOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends escalations to the cloud over MQTT (QoS 1), one by one or in batches, holding them while the
 * uplink is down and sending them again until the broker has them. Nothing submitted is dropped: when
 * the queue is full, {@link #submit} waits. Thread-safe; must be closed.
 *
 * <p>The queue is in memory: escalations survive a broker outage, not a restart of the agent.
 */
public final class Uplink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Uplink.class);
    private static final long RETRY_MILLIS = 500;

    private final MqttConnection mqtt;
    private final Topics topics;
    private final DeviceId gatewayId;
    private final UplinkOptions options;
    private final LinkedBlockingDeque<Escalation> queue;
    private final Thread sender;
    private final ScheduledExecutorService retry;
    private final LongAdder sent = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final Consumer<Escalation> onSent;
    private volatile boolean running = true;

    /** {@code onSent} hears of every escalation the broker acknowledged (on an MQTT thread; must not block). */
    public Uplink(MqttConnection mqtt, Topics topics, DeviceId gatewayId, UplinkOptions options, Consumer<Escalation> onSent) {
        this.onSent = onSent;
        this.mqtt = mqtt;
        this.topics = topics;
        this.gatewayId = gatewayId;
        this.options = options;
        this.queue = new LinkedBlockingDeque<>(options.capacity());
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-edge-uplink-retry-" + gatewayId);
            t.setDaemon(true);
            return t;
        });
        this.sender = new Thread(this::sendLoop, "cascade-edge-uplink-" + gatewayId);
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues an escalation; waits while the queue is full. */
    public void submit(Escalation e) throws InterruptedException {
        queue.putLast(e);
    }

    private void sendLoop() {
        List<Escalation> batch = new ArrayList<>(options.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                batch.clear();
                Escalation first = queue.pollFirst(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (options.batchSize() > 1) {
                    long deadline = System.nanoTime() + options.maxBatchDelay().toNanos();
                    while (batch.size() < options.batchSize()) {
                        long left = deadline - System.nanoTime();
                        Escalation next = left > 0 ? queue.pollFirst(left, TimeUnit.NANOSECONDS) : queue.pollFirst();
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                }
                publish(List.copyOf(batch));
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void publish(List<Escalation> batch) throws InterruptedException {
        String topic;
        byte[] payload;
        if (batch.size() == 1) {
            Escalation e = batch.get(0);
            topic = topics.mqtt(Channel.ESCALATIONS, e.window().deviceId());
            payload = Codecs.escalation().encode(e);
        } else {
            topic = topics.mqtt(Channel.ESCALATION_BATCHES, gatewayId);
            payload = Codecs.escalationBatch().encode(new EscalationBatch(gatewayId, batch));
        }
        PublishOptions o = PublishOptions.contentType(Codecs.escalation().contentType());
        if (batch.size() == 1) {
            o = o.withUserProperty(Headers.CORRELATION_ID, batch.get(0).window().correlationId().value());
        }
        inFlight.incrementAndGet();
        PublishOptions opts = o;
        mqtt.publish(topic, payload, 1, opts).whenComplete((v, err) -> {
            inFlight.decrementAndGet();
            if (err == null) {
                sent.add(batch.size());
                messages.increment();
                bytes.add(payload.length);
                for (Escalation e : batch) {
                    onSent.accept(e);
                }
            } else {
                retries.increment();
                log.debug("uplink publish failed ({}); holding {} escalation(s) for a retry", err.toString(), batch.size());
                requeue(batch);
            }
        });
    }

    private void requeue(List<Escalation> batch) {
        // Back to the head of the queue, in order, after a pause (the connection is likely down).
        retry.schedule(() -> {
            try {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    queue.putFirst(batch.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Escalations the broker has acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** MQTT messages sent (a batch is one). */
    public long messages() {
        return messages.sum();
    }

    /** Payload bytes sent. */
    public long bytes() {
        return bytes.sum();
    }

    public long retries() {
        return retries.sum();
    }

    /** Escalations waiting to be sent or in flight. */
    public long backlog() {
        return queue.size() + inFlight.get();
    }

    /** Waits up to 5 s for the backlog to drain while connected, then stops. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (backlog() > 0 && mqtt.connected() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (backlog() > 0) {
            log.warn("uplink closing with {} escalation(s) unsent", backlog());
        }
        running = false;
        sender.interrupt();
        retry.shutdownNow();
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
