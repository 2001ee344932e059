package dev.cascade.transport.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients with Cascade's defaults: string keys (the device id), byte-array values (the encoded wire
 * message), idempotent producers with {@code acks=all}, and settings tuned for milliseconds of latency
 * rather than maximum batching.
 */
public final class KafkaClients {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private KafkaClients() {}

    /**
     * An idempotent producer ({@code acks=all}, at most 1 ms of lingering, no compression). Cascade's records are
     * small JSON documents and float32 sample windows (noise does not compress); with lz4 every small batch paid
     * for a 64 KiB block buffer and an xxHash in the producer (top frames of every producing role in
     * {@code cascade bench pipeline} profiles), and the broker validates compressed batches record by record.
     */
    public static KafkaProducer<String, byte[]> producer(KafkaSettings s, String role) {
        Properties p = base(s, role + "-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        apply(p, s.overrides());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A transactional producer (exactly-once read-process-write); {@code transactionalId} must be stable per instance.
     * It does not linger: its callers flush each transaction's records as one batch when they have sent them.
     */
    public static KafkaProducer<String, byte[]> transactionalProducer(KafkaSettings s, String role, String transactionalId) {
        Properties p = base(s, role + "-tx-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        apply(p, s.overrides());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer in {@code groupId} with manual commits, reading committed data only, from the earliest
     * offset when the group is new.
     */
    public static KafkaConsumer<String, byte[]> consumer(KafkaSettings s, String role, String groupId, int maxPollRecords) {
        Properties p = base(s, role + "-consumer");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        // The broker answers a fetch as soon as data arrives (fetch.min.bytes=1), so a long wait costs no
        // latency and spares the broker hundreds of empty fetches a second per consumer.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        apply(p, s.overrides());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(KafkaSettings s) {
        Properties p = base(s, "admin");
        apply(p, s.overrides());
        return Admin.create(p);
    }

    private static Properties base(KafkaSettings s, String kind) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, s.clientId() + "-" + kind + "-" + SEQ.incrementAndGet());
        return p;
    }

    private static void apply(Properties p, Map<String, String> overrides) {
        p.putAll(overrides);
    }
}
