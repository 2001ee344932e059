package dev.cascade.ingest;

import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.DeflateCodec;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.CorrelationHeader;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves escalations from MQTT into Kafka. Each MQTT message is acknowledged to the broker only after
 * Kafka has acknowledged every record made from it, so a crash loses nothing the bridge acknowledged
 * (the broker redelivers the rest to the resumed session or to another instance of the share group).
 * Refused messages go to the dead-letter topic with the reason and are acknowledged even when the dead
 * letter cannot be written, so one poison message never stops delivery. A batch is split: escalations of
 * devices its gateway does not serve ({@link GatewayDevices}) are dead-lettered, the others pass. A failed
 * write holds back the later writes of its device until it is retried, so each device's escalations keep
 * their order in Kafka through outages.
 * Thread-safe; must be closed.
 */
public final class IngestBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestBridge.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private final IngestConfig config;
    private final Topics topics;
    private final String kafkaTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Writes of devices whose earlier write failed, in arrival order, until the retry. Guarded by itself. */
    private final Map<String, PriorityQueue<Write>> held = new HashMap<>();
    private final Thread writer;
    private final MqttConnection mqtt;
    private final InstantSource clock;
    private final Set<Message> unacknowledged = ConcurrentHashMap.newKeySet();
    private final LongAdder received = new LongAdder();
    private final LongAdder decoded = new LongAdder();
    private final LongAdder decided = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder escalationsRefused = new LongAdder();
    private final LongAdder deadLetterFailures = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder kafkaRetries = new LongAdder();
    private final java.util.List<java.util.function.LongConsumer> ackLatencyListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Throwable writerFailure;
    private volatile boolean closing;

    private IngestBridge(IngestConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.topics = config.topics();
        this.kafkaTopic = topics.kafka(Channel.ESCALATIONS);
        // A bounded metadata wait, so that a Kafka outage turns into retries instead of a stuck writer. No lingering:
        // each MQTT message waits for its Kafka acknowledgement before it is acknowledged itself, so a millisecond
        // spent lingering is a millisecond on every message's latency and on the broker's in-flight window; under
        // load records still share produce requests (they collect while up to five requests are in flight), up to
        // batch.size: 256 KiB rather than 16 KiB, so that four 4 KB windows do not already fill a batch.
        KafkaSettings ks = config.kafka().withDefaults(java.util.Map.of("max.block.ms", "2000", "linger.ms", "0",
                "batch.size", "262144"));
        this.producer = KafkaClients.producer(ks, "ingest");
        this.deadLetters = new DeadLetters(producer, topics, "ingest");
        this.writer = new Thread(this::writeLoop, "cascade-ingest-writer-" + config.instanceId());
        writer.setDaemon(true);
        writer.start();
        MqttConnection m = null;
        try {
            MqttSettings ms = config.mqtt()
                    .withPersistentSession(config.sessionExpiry())
                    .withManualAcks()
                    .withMaxInflight(config.maxPending());
            m = MqttConnection.open(ms, List.of(
                    new MqttConnection.Route(topics.mqttShared(config.shareGroup(), Channel.ESCALATIONS), 1, this::onMessage),
                    new MqttConnection.Route(topics.mqttShared(config.shareGroup(), Channel.ESCALATION_BATCHES), 1, this::onMessage),
                    new MqttConnection.Route(topics.mqttShared(config.shareGroup(), Channel.ESCALATION_BATCHES_DEFLATE), 1,
                            this::onMessage)));
            this.mqtt = m;
        } catch (RuntimeException e) {
            closing = true;
            writer.interrupt();
            producer.close(Duration.ofSeconds(5));
            throw e;
        }
        log.info("ingest {} bridging {} -> {}", config.instanceId(), topics.mqttFilter(Channel.ESCALATIONS), kafkaTopic);
    }

    /** Connects to both brokers and starts moving messages. */
    public static IngestBridge start(IngestConfig config) {
        return start(config, InstantSource.system());
    }

    /** Connects to both brokers and starts moving messages; {@code clock} times stalls. */
    public static IngestBridge start(IngestConfig config, InstantSource clock) {
        return new IngestBridge(config, clock);
    }

    private void onMessage(String topic, byte[] payload, Delivery delivery) {
        received.increment();
        Message msg = new Message(delivery, clock.instant());
        unacknowledged.add(msg);
        Topics.Route route = topics.parseMqtt(topic).orElse(null);
        if (route == null) {
            refuse(topic, null, payload, new Rejection(RejectReason.WRONG_TOPIC, "topic " + topic
                    + " is not a Cascade topic of namespace " + topics.namespace()), msg);
            return;
        }
        if (route.channel() == Channel.ESCALATIONS) {
            Decoded<Escalation> d = Codecs.escalation().decode(payload);
            if (d instanceof Decoded.Rejected<Escalation> r) {
                refuse(topic, route.device().value(), payload, r.rejection(), msg);
                return;
            }
            decoded.increment();
            Escalation e = d.orElseThrow();
            try (LogContext ignored = LogContext.of(e.window().correlationId().value(), e.window().deviceId().value())) {
                if (!e.window().deviceId().equals(route.device())) {
                    refuse(topic, route.device().value(), payload, new Rejection(RejectReason.UNAUTHORIZED, "window.deviceId "
                            + e.window().deviceId() + " must match the topic's device " + route.device()), msg);
                    return;
                }
                msg.expect(1);
                decided.increment();
                log.debug("escalation ({}) to Kafka", e.reason().displayName());
                write(List.of(record(e, payload)), msg);
            }
        } else {
            Decoded<EscalationBatch> d = route.channel() == Channel.ESCALATION_BATCHES_DEFLATE
                    ? DeflateCodec.escalationBatches().decode(payload)
                    : Codecs.escalationBatch().decode(payload);
            if (d instanceof Decoded.Rejected<EscalationBatch> r) {
                refuse(topic, route.device().value(), payload, r.rejection(), msg);
                return;
            }
            decoded.increment();
            EscalationBatch b = d.orElseThrow();
            if (!b.gatewayId().equals(route.device())) {
                refuse(topic, route.device().value(), payload, new Rejection(RejectReason.UNAUTHORIZED, "gatewayId "
                        + b.gatewayId() + " must match the topic's device " + route.device()), msg);
                return;
            }
            splitBatch(topic, b, msg);
        }
    }

    /** Writes the batch's escalations of devices its gateway serves; dead-letters the others one by one. */
    private void splitBatch(String topic, EscalationBatch b, Message msg) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(b.escalations().size());
        List<Integer> foreign = new ArrayList<>();
        for (int i = 0; i < b.escalations().size(); i++) {
            Escalation e = b.escalations().get(i);
            if (config.gatewayDevices().serves(b.gatewayId(), e.window().deviceId())) {
                records.add(record(e, Codecs.escalation().encode(e)));
            } else {
                foreign.add(i);
            }
        }
        msg.expect(records.size() + foreign.size());
        decided.increment();
        for (int i : foreign) {
            Escalation e = b.escalations().get(i);
            escalationsRefused.increment();
            Rejection why = new Rejection(RejectReason.UNAUTHORIZED, "escalations[" + i + "].window.deviceId must be a device"
                    + " gateway " + b.gatewayId() + " serves, was " + e.window().deviceId());
            try (LogContext ignored = LogContext.of(e.window().correlationId().value(), e.window().deviceId().value())) {
                log.debug("refused escalation in a batch on {}: {}", topic, why);
                deadLetter(topic, e.window().deviceId().value(), Codecs.escalation().encode(e), why, msg);
            }
        }
        write(records, msg);
    }

    private ProducerRecord<String, byte[]> record(Escalation e, byte[] bytes) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, e.window().correlationId().value().getBytes(StandardCharsets.UTF_8));
        h.add(Headers.CONTENT_TYPE, Codecs.escalation().contentType().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(kafkaTopic, null, e.window().deviceId().value(), bytes, h);
    }

    /** One MQTT message: acknowledged once each of its parts (Kafka records, dead letters) is done. */
    private final class Message {
        final Delivery delivery;
        final Instant arrived;
        final long arrivedNanos = System.nanoTime();
        final AtomicInteger left = new AtomicInteger();

        Message(Delivery delivery, Instant arrived) {
            this.delivery = delivery;
            this.arrived = arrived;
        }

        void expect(int parts) {
            left.set(parts);
            if (parts == 0) {
                acknowledge(this);
            }
        }

        void partDone() {
            if (left.decrementAndGet() == 0) {
                acknowledge(this);
            }
        }
    }

    /** Work for the writer thread. */
    private sealed interface Task permits Write, Retry {}

    /** One Kafka record to write, the MQTT message it belongs to, and its place in arrival order. */
    private record Write(ProducerRecord<String, byte[]> record, Message message, long seq) implements Task {}

    /** Time to send again the held writes of device {@code key}. */
    private record Retry(String key, long notBefore) implements Task {}

    private void write(List<ProducerRecord<String, byte[]>> records, Message msg) {
        // Never block the MQTT delivery thread on Kafka: the writer thread does the sends.
        for (ProducerRecord<String, byte[]> r : records) {
            queue.add(new Write(r, msg, sequence.incrementAndGet()));
        }
    }

    private void writeLoop() {
        try {
            while (!closing) {
                Task t;
                try {
                    t = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (t instanceof Write w) {
                    if (!holdIfBehindAFailure(w)) {
                        send(w);
                    }
                } else if (t instanceof Retry r) {
                    long wait = r.notBefore() - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    resend(r.key());
                }
            }
        } catch (RuntimeException | Error e) {
            writerFailure = e;
            log.error("ingest {} writer died; nothing more reaches Kafka", config.instanceId(), e);
            throw e;
        }
    }

    private void send(Write w) {
        try {
            producer.send(w.record(), (md, e) -> {
                if (e == null) {
                    written.increment();
                    w.message().partDone();
                } else {
                    retryLater(w, e);
                }
            });
        } catch (RuntimeException e) {
            retryLater(w, e);
        }
    }

    /** A device's write waits behind its failed earlier ones, so that its windows keep their order in Kafka. */
    private boolean holdIfBehindAFailure(Write w) {
        synchronized (held) {
            PriorityQueue<Write> q = held.get(w.record().key());
            if (q == null) {
                return false;
            }
            q.add(w);
            return true;
        }
    }

    /** Sends the device's held writes in arrival order; stops holding when a send fails again. */
    private void resend(String key) {
        PriorityQueue<Write> q;
        synchronized (held) {
            q = held.remove(key);
        }
        while (q != null && !q.isEmpty()) {
            Write w = q.poll();
            send(w);
            synchronized (held) {
                PriorityQueue<Write> again = held.get(key);
                if (again != null) {
                    again.addAll(q);
                    return;
                }
            }
        }
    }

    private void retryLater(Write w, Exception e) {
        if (closing) {
            return;
        }
        kafkaRetries.increment();
        try (LogContext ignored = LogContext.of(CorrelationHeader.read(w.record().headers()), w.record().key())) {
            log.warn("Kafka write for {} failed ({}); retrying in {} ms; the MQTT message stays unacknowledged",
                    w.record().key(), e.toString(), RETRY_DELAY.toMillis());
        }
        String key = w.record().key();
        boolean first;
        synchronized (held) {
            PriorityQueue<Write> q = held.get(key);
            first = q == null;
            if (first) {
                q = new PriorityQueue<>(Comparator.comparingLong(Write::seq));
                held.put(key, q);
            }
            q.add(w);
        }
        if (first) {
            queue.add(new Retry(key, System.nanoTime() + RETRY_DELAY.toNanos()));
        }
    }

    private void refuse(String topic, String key, byte[] payload, Rejection rejection, Message msg) {
        log.debug("refused message on {}: {}", topic, rejection);
        msg.expect(1);
        decided.increment();
        deadLetter(topic, key, payload, rejection, msg);
    }

    private void deadLetter(String topic, String key, byte[] payload, Rejection rejection, Message msg) {
        // The refusal is decided: acknowledge once Kafka has the dead letter, and also when it cannot take it
        // (counted and logged), for a message left unacknowledged would stop the broker delivering to ingest.
        deadLetters.route("mqtt:" + topic, key, payload, rejection).whenComplete((md, e) -> {
            if (e != null) {
                deadLetterFailures.increment();
                log.warn("dead letter for a message on {} not written ({}); acknowledging it anyway: {}", topic, rejection,
                        e.toString());
            }
            msg.partDone();
        });
    }

    private void acknowledge(Message msg) {
        msg.delivery.ack();
        unacknowledged.remove(msg);
        acknowledged.increment();
        if (!ackLatencyListeners.isEmpty()) {
            long nanos = System.nanoTime() - msg.arrivedNanos;
            for (java.util.function.LongConsumer l : ackLatencyListeners) {
                l.accept(nanos);
            }
        }
    }

    /**
     * Calls {@code listener} with the nanoseconds from each MQTT message's arrival to its acknowledgement (all its
     * records in Kafka, or dead-lettered), on a Kafka callback thread: it must be quick.
     */
    public void observeAckLatency(java.util.function.LongConsumer listener) {
        ackLatencyListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public IngestStats stats() {
        return new IngestStats(received.sum(), decoded.sum(), decided.sum(), written.sum(), deadLetters.total(),
                escalationsRefused.sum(), deadLetterFailures.sum(), kafkaRetries.sum(), acknowledged.sum(),
                unacknowledged.size());
    }

    /** Refusals by reason. */
    public java.util.Map<RejectReason, Long> rejections() {
        return deadLetters.counts();
    }

    /** Human-readable descriptions of workers that died or stalled; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (closing) {
            return out;
        }
        String id = "ingest " + config.instanceId();
        if (!writer.isAlive()) {
            out.add(id + ": Kafka writer thread " + writer.getName() + " died"
                    + (writerFailure == null ? "" : ": " + writerFailure));
        }
        if (!mqtt.connected()) {
            out.add(id + ": not connected to the MQTT broker " + config.mqtt().serverUri());
        }
        Instant now = clock.instant();
        Instant oldest = null;
        int stalled = 0;
        for (Message m : unacknowledged) {
            if (Duration.between(m.arrived, now).compareTo(config.stallAfter()) > 0) {
                stalled++;
                oldest = oldest == null || m.arrived.isBefore(oldest) ? m.arrived : oldest;
            }
        }
        if (stalled > 0) {
            out.add(id + ": " + stalled + " message(s) unacknowledged for more than " + config.stallAfter().toSeconds()
                    + " s (oldest since " + oldest + "; " + kafkaRetries.sum() + " Kafka retries so far)");
        }
        return out;
    }

    public boolean connected() {
        return mqtt.connected();
    }

    /** Stops reading, lets in-flight Kafka writes finish (acknowledging their MQTT messages), then disconnects. */
    @Override
    public void close() {
        RuntimeException first = null;
        try {
            producer.flush();
        } catch (RuntimeException e) {
            first = e;
        }
        closing = true;
        try {
            mqtt.close();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
