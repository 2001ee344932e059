package dev.cascade.ingest;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Refused messages go to the dead-letter topic with the reason. Thread-safe; must be closed.
 */
public final class IngestBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestBridge.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);

    private final IngestConfig config;
    private final Topics topics;
    private final String kafkaTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final MqttConnection mqtt;
    private final LongAdder received = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder kafkaRetries = new LongAdder();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closing;

    private IngestBridge(IngestConfig config) {
        this.config = config;
        this.topics = config.topics();
        this.kafkaTopic = topics.kafka(Channel.ESCALATIONS);
        // A bounded metadata wait, so that a Kafka outage turns into retries instead of a stuck writer.
        KafkaSettings ks = config.kafka().withDefaults(java.util.Map.of("max.block.ms", "2000"));
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
                    new MqttConnection.Route(topics.mqttShared(config.shareGroup(), Channel.ESCALATION_BATCHES), 1, this::onMessage)));
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
        return new IngestBridge(config);
    }

    private void onMessage(String topic, byte[] payload, Delivery delivery) {
        received.increment();
        pending.incrementAndGet();
        Topics.Route route = topics.parseMqtt(topic).orElse(null);
        if (route == null) {
            refuse(topic, null, payload, new Rejection(RejectReason.WRONG_TOPIC, "topic " + topic
                    + " is not a Cascade topic of namespace " + topics.namespace()), delivery);
            return;
        }
        if (route.channel() == Channel.ESCALATIONS) {
            Decoded<Escalation> d = Codecs.escalation().decode(payload);
            if (d instanceof Decoded.Rejected<Escalation> r) {
                refuse(topic, route.device().value(), payload, r.rejection(), delivery);
                return;
            }
            Escalation e = d.orElseThrow();
            if (!e.window().deviceId().equals(route.device())) {
                refuse(topic, route.device().value(), payload, new Rejection(RejectReason.UNAUTHORIZED, "window.deviceId "
                        + e.window().deviceId() + " must match the topic's device " + route.device()), delivery);
                return;
            }
            write(List.of(record(e, payload)), delivery);
        } else {
            Decoded<EscalationBatch> d = Codecs.escalationBatch().decode(payload);
            if (d instanceof Decoded.Rejected<EscalationBatch> r) {
                refuse(topic, route.device().value(), payload, r.rejection(), delivery);
                return;
            }
            EscalationBatch b = d.orElseThrow();
            if (!b.gatewayId().equals(route.device())) {
                refuse(topic, route.device().value(), payload, new Rejection(RejectReason.UNAUTHORIZED, "gatewayId "
                        + b.gatewayId() + " must match the topic's device " + route.device()), delivery);
                return;
            }
            List<ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>(b.escalations().size());
            for (Escalation e : b.escalations()) {
                records.add(record(e, Codecs.escalation().encode(e)));
            }
            write(records, delivery);
        }
    }

    private ProducerRecord<String, byte[]> record(Escalation e, byte[] bytes) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, e.window().correlationId().value().getBytes(StandardCharsets.UTF_8));
        h.add(Headers.CONTENT_TYPE, Codecs.escalation().contentType().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(kafkaTopic, null, e.window().deviceId().value(), bytes, h);
    }

    /** One Kafka record to write, and the MQTT message to acknowledge when all its records are written. */
    private record Write(ProducerRecord<String, byte[]> record, AtomicInteger left, Delivery delivery, long notBefore) {}

    private void write(List<ProducerRecord<String, byte[]>> records, Delivery delivery) {
        // Never block the MQTT delivery thread on Kafka: the writer thread does the sends.
        AtomicInteger left = new AtomicInteger(records.size());
        for (ProducerRecord<String, byte[]> r : records) {
            queue.add(new Write(r, left, delivery, 0));
        }
    }

    private void writeLoop() {
        while (!closing) {
            Write w;
            try {
                w = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (w == null) {
                continue;
            }
            long wait = w.notBefore() - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            send(w);
        }
    }

    private void send(Write w) {
        try {
            producer.send(w.record(), (md, e) -> {
                if (e == null) {
                    written.increment();
                    if (w.left().decrementAndGet() == 0) {
                        acknowledge(w.delivery());
                    }
                } else {
                    retryLater(w, e);
                }
            });
        } catch (RuntimeException e) {
            retryLater(w, e);
        }
    }

    private void retryLater(Write w, Exception e) {
        if (closing) {
            return;
        }
        kafkaRetries.increment();
        log.warn("Kafka write for {} failed ({}); retrying in {} ms; the MQTT message stays unacknowledged",
                w.record().key(), e.toString(), RETRY_DELAY.toMillis());
        queue.add(new Write(w.record(), w.left(), w.delivery(), System.nanoTime() + RETRY_DELAY.toNanos()));
    }

    private void refuse(String topic, String key, byte[] payload, Rejection rejection, Delivery delivery) {
        log.debug("refused message on {}: {}", topic, rejection);
        // A dead letter is as much a destination as the escalations topic: acknowledge once Kafka has it;
        // if it cannot be written, the message stays unacknowledged and the broker redelivers it.
        deadLetters.route("mqtt:" + topic, key, payload, rejection).whenComplete((md, e) -> {
            if (e == null) {
                acknowledge(delivery);
            } else {
                kafkaRetries.increment();
            }
        });
    }

    private void acknowledge(Delivery delivery) {
        delivery.ack();
        acknowledged.increment();
        pending.decrementAndGet();
    }

    public IngestStats stats() {
        return new IngestStats(received.sum(), written.sum(), acknowledged.sum(), deadLetters.total(), kafkaRetries.sum(),
                pending.get());
    }

    /** Refusals by reason. */
    public java.util.Map<RejectReason, Long> rejections() {
        return deadLetters.counts();
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
