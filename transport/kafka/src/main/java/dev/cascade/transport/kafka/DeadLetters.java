package dev.cascade.transport.kafka;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes refused messages to the namespace's dead-letter topic: the original bytes as the value, the
 * reason, detail, source and refusing role in headers. Counts by reason. Thread-safe.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_DETAIL = 1000;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String role;
    private final Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);

    /** Uses {@code producer} (not owned: the caller closes it). */
    public DeadLetters(Producer<String, byte[]> producer, Topics topics, String role) {
        this.producer = producer;
        this.topic = topics.kafka(Channel.DEAD_LETTER);
        this.role = role;
        for (RejectReason r : RejectReason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    /**
     * Sends one refused message; {@code key} may be null when the device is unknown. The future completes
     * when Kafka has it.
     */
    public CompletableFuture<RecordMetadata> route(String source, String key, byte[] payload, Rejection rejection) {
        counts.get(rejection.reason()).increment();
        log.debug("dead letter from {}: {}", source, rejection);
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.REJECT_REASON, bytes(rejection.reason().displayName()));
        String detail = rejection.detail();
        h.add(Headers.REJECT_DETAIL, bytes(detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail));
        h.add(Headers.SOURCE, bytes(source));
        h.add(Headers.REJECTED_BY, bytes(role));
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, key, payload == null ? new byte[0] : payload, h), (md, e) -> {
                if (e != null) {
                    log.warn("could not write a dead letter from {} ({}): {}", source, rejection, e.toString());
                    done.completeExceptionally(e);
                } else {
                    done.complete(md);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** How many messages were refused, by reason. */
    public Map<RejectReason, Long> counts() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        counts.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    public long total() {
        long t = 0;
        for (LongAdder a : counts.values()) {
            t += a.sum();
        }
        return t;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
