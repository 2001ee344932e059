package dev.cascade.actuators.forecast;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.kafka.ConsumerThread;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cloud's results topic and hands each result that says a zone has had enough ({@link ForecastRule}) to
 * its listener, but only for devices whose valve {@code isOpen} says is open: other results are skipped by their
 * key, undecoded. Each bridge instance reads every partition from the end (its own consumer group, nothing
 * committed), because the instance that delivered a zone's open is the one that knows the valve is open. A result
 * that cannot be decoded is counted and dead-lettered. Owns a consumer thread; must be closed.
 */
public final class ForecastWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ForecastWatch.class);

    /** Receives a result that says enough for an open valve, with the reason in words. */
    @FunctionalInterface
    public interface Listener {
        void enough(InferenceResult result, String reason);
    }

    private final ForecastRule rule;
    private final Predicate<DeviceId> isOpen;
    private final Listener listener;
    private final DeadLetters deadLetters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConsumerThread thread;
    private final LongAdder read = new LongAdder();
    private final LongAdder examined = new LongAdder();
    private final LongAdder enough = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile boolean assigned;

    public ForecastWatch(KafkaSettings settings, Topics topics, String group, String instanceId, ForecastRule rule,
                         Predicate<DeviceId> isOpen, Listener listener, DeadLetters deadLetters) {
        this.rule = rule;
        this.isOpen = isOpen;
        this.listener = listener;
        this.deadLetters = deadLetters;
        this.consumer = KafkaClients.consumer(settings, "actuators-forecast", group + "-forecast-" + instanceId, 500);
        consumer.subscribe(List.of(topics.kafka(Channel.RESULTS)), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Only what comes after the start matters: no valve is known open before it.
                consumer.seekToEnd(partitions);
                for (TopicPartition p : partitions) {
                    consumer.position(p);
                }
                assigned = true;
            }
        });
        this.thread = ConsumerThread.start("cascade-actuators-forecast-" + instanceId, consumer, this::pollOnce, log,
                "forecast watch stopped: valves are closed by their planned duration only");
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            read.increment();
            handle(r);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        DeviceId device = device(r.key());
        if (device != null && !isOpen.test(device)) {
            return;
        }
        Decoded<InferenceResult> d = Codecs.inferenceResult().decode(r.value());
        if (d instanceof Decoded.Rejected<InferenceResult> rej) {
            rejected.increment();
            deadLetters.route("kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset(), r.key(), r.value(),
                    rej.rejection());
            return;
        }
        InferenceResult result = d.orElseThrow();
        if (!isOpen.test(result.deviceId())) {
            return;
        }
        examined.increment();
        rule.enough(result).ifPresent(reason -> {
            enough.increment();
            listener.enough(result, reason);
        });
    }

    private static DeviceId device(String key) {
        try {
            return key == null ? null : DeviceId.of(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Results read from the topic. */
    public long read() {
        return read.sum();
    }

    /** Results of devices with an open valve, decoded and judged. */
    public long examined() {
        return examined.sum();
    }

    /** Results that said enough for an open valve. */
    public long enough() {
        return enough.sum();
    }

    /** Results that could not be decoded (dead-lettered). */
    public long rejected() {
        return rejected.sum();
    }

    /** Whether the results partitions are assigned (results from now on are seen). */
    public boolean assigned() {
        return assigned;
    }

    /** Whether the consumer thread still runs. */
    public boolean alive() {
        return thread.alive();
    }

    @Override
    public void close() {
        thread.close();
    }
}
