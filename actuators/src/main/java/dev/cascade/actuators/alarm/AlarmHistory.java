package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads the compacted alarms topic from its start to its current end: the latest state of every alarm. */
public final class AlarmHistory {
    private AlarmHistory() {}

    /**
     * The latest state of each alarm on the topic, by alarm id, in topic order; undecodable records are skipped
     * (counted in {@code skipped[0]} when given).
     */
    public static Map<String, Alarm> latest(KafkaSettings kafka, Topics topics, Duration timeout, long[] skipped) {
        String topic = topics.kafka(Channel.ALARMS);
        Map<String, Alarm> out = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(kafka, "alarms-history", "alarms-history-unused", 1000)) {
            List<TopicPartition> parts = new ArrayList<>();
            Instant deadline = Instant.now().plus(timeout);
            while (parts.isEmpty()) {
                // A topic created a moment ago may not be in the metadata yet.
                for (PartitionInfo p : c.partitionsFor(topic, timeout)) {
                    parts.add(new TopicPartition(topic, p.partition()));
                }
                if (parts.isEmpty() && Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka topic " + topic + " does not exist (create-topics creates it)");
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            while (!caughtUp(c, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        out.remove(r.key());
                        continue;
                    }
                    Decoded<Alarm> d = Codecs.alarm().decode(r.value());
                    if (d instanceof Decoded.Accepted<Alarm> a) {
                        out.remove(a.get().alarmId());
                        out.put(a.get().alarmId(), a.get());
                    } else if (skipped != null && skipped.length > 0) {
                        skipped[0]++;
                    }
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
