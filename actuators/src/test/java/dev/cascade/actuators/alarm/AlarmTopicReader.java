package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads every record of a namespace's alarms topic from its start, as the dashboard would. Not thread-safe. */
public final class AlarmTopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Alarm> seen = new ArrayList<>();

    public AlarmTopicReader(KafkaSettings kafka, Topics topics) {
        consumer = KafkaClients.consumer(kafka, "alarm-reader", "alarm-reader", 500);
        List<TopicPartition> parts = new ArrayList<>();
        while (parts.isEmpty()) {
            // A topic just created may not be in the metadata yet.
            for (PartitionInfo p : consumer.partitionsFor(topics.kafka(Channel.ALARMS), Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads until a record matches {@code wanted}; returns it (the test's timeout bounds the wait). */
    public Alarm await(Predicate<Alarm> wanted) {
        for (Alarm a : seen) {
            if (wanted.test(a)) {
                return a;
            }
        }
        while (true) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                Alarm a = Codecs.alarm().decode(r.value()).orElseThrow();
                if (!a.alarmId().equals(r.key())) {
                    throw new AssertionError("alarm " + a.alarmId() + " was keyed " + r.key());
                }
                seen.add(a);
                if (wanted.test(a)) {
                    return a;
                }
            }
        }
    }

    /** Every record read so far, in order of arrival. */
    public List<Alarm> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
