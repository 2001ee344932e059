package dev.cascade.actuators.state;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.ConsumerThread;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bridge's compacted state topics from the beginning and then follows them, handing each settled command
 * id and each lock action to its listener (on its own thread). {@link #awaitLoaded} returns once everything written
 * before the start was read, so no command is handled before the bridge knows what was settled and locked.
 * Must be closed.
 */
public final class StateReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConsumerThread thread;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Consumer<CommandId> onFate;
    private final Consumer<OperatorAction> onLock;
    private final String fates;
    private volatile long fatesRead;
    private volatile long locksRead;

    public StateReader(KafkaSettings settings, Topics topics, String group, String instanceId,
                       Consumer<CommandId> onFate, Consumer<OperatorAction> onLock) {
        this.onFate = onFate;
        this.onLock = onLock;
        this.fates = StateTopics.fates(topics);
        this.consumer = KafkaClients.consumer(settings, "actuators-state", group + "-state-" + instanceId, 2000);
        Map<TopicPartition, Long> ends;
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(fates, StateTopics.locks(topics))) {
                parts.addAll(partitions(consumer, t));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            ends = consumer.endOffsets(parts, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        this.thread = ConsumerThread.start("cascade-actuators-state-" + instanceId, consumer, () -> pollOnce(ends),
                log, "bridge state reader stopped");
    }

    /** The topic's partitions, waiting for a just-created topic's metadata to reach the client. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka topic " + topic + " has no partitions after 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
        }
    }

    private void pollOnce(Map<TopicPartition, Long> ends) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            if (r.value() == null || r.key() == null) {
                continue;
            }
            if (r.topic().equals(fates)) {
                fatesRead++;
                try {
                    onFate.accept(CommandId.of(r.key()));
                } catch (IllegalArgumentException e) {
                    log.warn("ignored a fate with key {}: {}", r.key(), e.getMessage());
                }
            } else {
                Decoded<OperatorAction> d = Codecs.operatorAction().decode(r.value());
                if (d.isAccepted()) {
                    locksRead++;
                    onLock.accept(d.orElseThrow());
                } else {
                    log.warn("ignored an unreadable lock record for {}", r.key());
                }
            }
        }
        if (loaded.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            log.info("bridge state loaded: {} fates, {} lock actions", fatesRead, locksRead);
            loaded.countDown();
        }
    }

    /** Waits until what the state topics held at start is read; false on timeout. */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
