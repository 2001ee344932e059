package dev.cascade.edge.uplink;

import dev.cascade.edge.outbox.Appended;
import dev.cascade.edge.outbox.ItemClass;
import dev.cascade.edge.outbox.Outbox;
import dev.cascade.edge.outbox.OutboxItem;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.DeflateCodec;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds to the cloud over MQTT (QoS 1), one by one or in batches per sensor kind
 * (deflated when so configured), in order, and removes each item from the outbox only once the broker
 * acknowledged it. Submitting never blocks and never waits for the network: it appends to the outbox (which
 * may refuse by its full policy). The uplink connects by itself, also when the broker is down at start.
 * Thread-safe; must be closed (it closes its connection, not the outbox).
 */
public final class Uplink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Uplink.class);
    private static final long RETRY_MILLIS = 500;
    private static final long MAX_CONNECT_BACKOFF_MILLIS = 10_000;

    private final MqttSettings settings;
    private final Topics topics;
    private final DeviceId gatewayId;
    private final UplinkOptions options;
    private final Outbox outbox;
    private final InstantSource clock;
    private final Consumer<Escalation> onSent;
    private final Thread sender;
    private final int maxInFlight;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder rawBytes = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile MqttLink mqtt;
    private volatile boolean rewind;
    private volatile boolean running = true;

    /** Items of one kind waiting for their batch to fill (sender thread only). */
    private static final class Pending {
        final List<OutboxItem> items = new ArrayList<>();
        final List<Escalation> escalations = new ArrayList<>();
        int bytes;
        boolean hasFault;
    }

    /**
     * Starts the sender, which connects with {@code settings}, or through the AWS IoT Device SDK when
     * {@code options.transport()} says so (retrying with back-off and jitter while the broker is away).
     * {@code onSent} hears of every escalation the broker acknowledged (on an MQTT thread; must not block).
     */
    public Uplink(MqttSettings settings, Topics topics, DeviceId gatewayId, UplinkOptions options, Outbox outbox,
                  InstantSource clock, Consumer<Escalation> onSent) {
        this.settings = settings;
        this.topics = topics;
        this.gatewayId = gatewayId;
        this.options = options;
        this.outbox = outbox;
        this.clock = clock;
        this.onSent = onSent;
        this.maxInFlight = Math.max(1, Math.min(settings.maxInflight(), 64));
        this.sender = new Thread(this::sendLoop, "cascade-edge-uplink-" + gatewayId);
        sender.setDaemon(true);
        sender.start();
    }

    /** The outbox class of an escalation: faults (the edge acted, or action is needed), audit samples, the rest. */
    public static ItemClass classOf(Escalation e) {
        return switch (e.reason()) {
            case ACTED_LOCALLY, ACTION_NEEDED -> ItemClass.FAULT;
            case AUDIT_SAMPLE -> ItemClass.AUDIT;
            default -> ItemClass.ESCALATION;
        };
    }

    /** Appends an escalation to the outbox (its stable id is the window's correlation id); never blocks on the network. */
    public Appended submit(Escalation e) {
        Appended a = outbox.append(classOf(e), e.window().kind().id(), e.window().correlationId().value(),
                Codecs.escalation().encode(e));
        LockSupport.unpark(sender);
        return a;
    }

    /** Appends a telemetry message (sent alone on the gateway's telemetry topic); never blocks on the network. */
    public Appended submitTelemetry(String id, byte[] payload) {
        Appended a = outbox.append(ItemClass.TELEMETRY, 0, id, payload);
        LockSupport.unpark(sender);
        return a;
    }

    private void sendLoop() {
        long backoff = 1000;
        long retryAt = 0;
        while (running) {
            MqttLink c = mqtt;
            if (c == null) {
                try {
                    MqttLink opened = options.transport().open(settings, "", List.of());
                    if (!running) {
                        opened.close();
                        return;
                    }
                    mqtt = opened;
                    backoff = 1000;
                    log.info("uplink {} connected to {}", gatewayId, options.transport().endpoint(settings));
                } catch (RuntimeException e) {
                    // Backoff with jitter, so that a fleet coming back after an outage does not reconnect in step.
                    long wait = backoff / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    log.warn("uplink cannot reach {} ({}); holding escalations in the outbox, next try in {} ms",
                            options.transport().endpoint(settings), e.getMessage(), wait);
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                    while (running && System.nanoTime() < until) {
                        LockSupport.parkNanos(until - System.nanoTime());
                    }
                    backoff = Math.min(MAX_CONNECT_BACKOFF_MILLIS, backoff * 2);
                }
                continue;
            }
            if (rewind) {
                if (inFlight.get() > 0 || System.nanoTime() < retryAt) {
                    park(10);
                    continue;
                }
                pending.clear();
                outbox.rewind();
                rewind = false;
            }
            if (!c.connected()) {
                park(100);
                continue;
            }
            if (inFlight.get() >= maxInFlight) {
                park(5);
                continue;
            }
            OutboxItem item = outbox.next();
            if (item == null) {
                long waitMicros = flushAged();
                park(Math.max(1, Math.min(50, waitMicros / 1000)));
                continue;
            }
            if (!add(c, item)) {
                retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            }
        }
    }

    private static void park(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Sends or batches one item; false when a publish failed at once. */
    private boolean add(MqttLink c, OutboxItem item) {
        if (item.itemClass() == ItemClass.TELEMETRY) {
            return publish(c, topics.mqtt(Channel.TELEMETRY, gatewayId), item.payload(), List.of(item), List.of(),
                    PublishOptions.NONE.withUserProperty(Headers.CORRELATION_ID, item.id()));
        }
        Decoded<Escalation> d = Codecs.escalation().decode(item.payload());
        if (d instanceof Decoded.Rejected<Escalation> r) {
            // Only a defect could store this: it cannot be sent, so it is not kept.
            undecodable.increment();
            log.error("outbox item {} is not an escalation ({}); dropped", item.id(), r.rejection());
            outbox.done(item);
            return true;
        }
        Escalation e = d.orElseThrow();
        SensorKind kind = e.window().kind();
        BatchPolicy p = options.policy(kind);
        if (p.maxCount() == 1) {
            return publishOne(c, item, e);
        }
        Pending b = pending.computeIfAbsent(item.kind(), k -> new Pending());
        if (!b.items.isEmpty() && b.bytes + item.payload().length > p.maxBytes()) {
            if (!flush(c, item.kind(), b)) {
                return false;
            }
        }
        b.items.add(item);
        b.escalations.add(e);
        b.bytes += item.payload().length;
        if (item.itemClass() == ItemClass.FAULT) {
            b.hasFault = true;
        }
        if (b.items.size() >= p.maxCount() || b.bytes >= p.maxBytes()) {
            return flush(c, item.kind(), b);
        }
        return true;
    }

    /**
     * Sends the batches whose oldest item has waited long enough, and those holding a fault (the cloud confirms
     * what the edge did; while a backlog drains faults batch like the rest); returns microseconds until the next
     * is due. Called when the outbox has nothing more to hand out.
     */
    private long flushAged() {
        MqttLink c = mqtt;
        long now = micros();
        long next = Long.MAX_VALUE;
        for (Map.Entry<Integer, Pending> en : new ArrayList<>(pending.entrySet())) {
            Pending b = en.getValue();
            if (b.items.isEmpty()) {
                continue;
            }
            long maxAge = options.policy(b.escalations.get(0).window().kind()).maxAge().toNanos() / 1000;
            long due = b.items.get(0).appendedAtMicros() + maxAge;
            if (due <= now || b.hasFault) {
                if (!flush(c, en.getKey(), b)) {
                    return RETRY_MILLIS * 1000;
                }
            } else {
                next = Math.min(next, due - now);
            }
        }
        return next;
    }

    private boolean flush(MqttLink c, int kind, Pending b) {
        List<OutboxItem> items = List.copyOf(b.items);
        List<Escalation> escalations = List.copyOf(b.escalations);
        b.items.clear();
        b.escalations.clear();
        b.bytes = 0;
        b.hasFault = false;
        if (items.size() == 1) {
            return publishOne(c, items.get(0), escalations.get(0));
        }
        EscalationBatch batch = new EscalationBatch(gatewayId, escalations);
        byte[] payload;
        Channel channel;
        String type;
        if (options.deflate()) {
            payload = DeflateCodec.escalationBatches().encode(batch);
            channel = Channel.ESCALATION_BATCHES_DEFLATE;
            type = DeflateCodec.CBOR_DEFLATE;
        } else {
            payload = Codecs.escalationBatch().encode(batch);
            channel = Channel.ESCALATION_BATCHES;
            type = Codecs.escalationBatch().contentType();
        }
        return publish(c, topics.mqtt(channel, gatewayId), payload, items, escalations, PublishOptions.contentType(type));
    }

    private boolean publishOne(MqttLink c, OutboxItem item, Escalation e) {
        return publish(c, topics.mqtt(Channel.ESCALATIONS, e.window().deviceId()), item.payload(), List.of(item), List.of(e),
                PublishOptions.contentType(Codecs.escalation().contentType())
                        .withUserProperty(Headers.CORRELATION_ID, item.id()));
    }

    private boolean publish(MqttLink c, String topic, byte[] payload, List<OutboxItem> items,
                            List<Escalation> escalations, PublishOptions o) {
        inFlight.incrementAndGet();
        long raw = 0;
        for (OutboxItem i : items) {
            raw += i.payload().length;
        }
        long rawTotal = raw;
        boolean[] failedAtOnce = new boolean[1];
        c.publish(topic, payload, 1, o).whenComplete((v, err) -> {
            if (err == null) {
                for (OutboxItem i : items) {
                    outbox.done(i);
                }
                sent.add(escalations.size());
                messages.increment();
                bytes.add(payload.length);
                rawBytes.add(rawTotal);
                for (Escalation e : escalations) {
                    onSent.accept(e);
                }
            } else {
                retries.increment();
                failedAtOnce[0] = true;
                log.debug("uplink publish failed ({}); {} item(s) stay in the outbox for a retry", err.toString(), items.size());
                rewind = true;
            }
            inFlight.decrementAndGet();
            LockSupport.unpark(sender);
        });
        return !failedAtOnce[0];
    }

    private long micros() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** Escalations the broker has acknowledged. */
    public long sent() {
        return sent.sum();
    }

    /** MQTT messages sent (a batch is one). */
    public long messages() {
        return messages.sum();
    }

    /** Payload bytes sent (compressed, when batches are deflated). */
    public long bytes() {
        return bytes.sum();
    }

    /** Encoded bytes of the items those messages carried, before batching and compression. */
    public long rawBytes() {
        return rawBytes.sum();
    }

    /** Publishes that failed and were tried again. */
    public long retries() {
        return retries.sum();
    }

    /** Items waiting in the outbox (not yet acknowledged by the broker). */
    public long backlog() {
        return outbox.backlog();
    }

    /** Whether the uplink's connection is up. */
    public boolean connected() {
        MqttLink c = mqtt;
        return c != null && c.connected();
    }

    /** Waits up to 5 s for the backlog to drain while connected, then stops; what is left stays in the outbox. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (backlog() > 0 && connected() && System.nanoTime() < deadline) {
            LockSupport.unpark(sender);
            park(10);
        }
        if (backlog() > 0) {
            log.info("uplink closing with {} item(s) held in the outbox for the next start", backlog());
        }
        running = false;
        LockSupport.unpark(sender);
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttLink c = mqtt;
        if (c != null) {
            c.close();
        }
    }
}
