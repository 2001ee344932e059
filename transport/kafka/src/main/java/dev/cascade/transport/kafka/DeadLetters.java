package dev.cascade.transport.kafka;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
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
 * Routes refused messages to the namespace's dead-letter topic: the original bytes as the value (cut to
 * {@link #MAX_PAYLOAD_BYTES}, with the original size and SHA-256 in headers when longer), the reason,
 * detail, source and refusing role in headers. Counts by reason. Thread-safe.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_DETAIL = 1000;
    /** Longest payload a dead letter carries whole (any single window fits); longer ones are truncated. */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;
    /** Header: the refused message's size in bytes (decimal), on truncated dead letters. */
    public static final String ORIGINAL_SIZE = "cascade-original-size";
    /** Header: hex SHA-256 of the whole refused message, on truncated dead letters. */
    public static final String ORIGINAL_SHA256 = "cascade-original-sha256";

    private final LongAdder truncated = new LongAdder();
    private final LongAdder writeFailures = new LongAdder();

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
        byte[] value = payload == null ? new byte[0] : payload;
        if (value.length > MAX_PAYLOAD_BYTES) {
            truncated.increment();
            h.add(ORIGINAL_SIZE, bytes(Integer.toString(value.length)));
            h.add(ORIGINAL_SHA256, bytes(sha256(value)));
            value = Arrays.copyOf(value, MAX_PAYLOAD_BYTES);
        }
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, h), (md, e) -> {
                if (e != null) {
                    writeFailures.increment();
                    log.warn("could not write a dead letter from {} ({}): {}", source, rejection, e.toString());
                    done.completeExceptionally(e);
                } else {
                    done.complete(md);
                }
            });
        } catch (RuntimeException e) {
            writeFailures.increment();
            log.warn("could not write a dead letter from {} ({}): {}", source, rejection, e.toString());
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Dead letters whose payload was cut to {@link #MAX_PAYLOAD_BYTES}. */
    public long truncated() {
        return truncated.sum();
    }

    /** Dead letters Kafka did not take (the refusal is still counted by reason). */
    public long writeFailures() {
        return writeFailures.sum();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
