package dev.cascade.dashboard.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the consumer lag of every consumer group on the namespace's topics (committed offsets against end offsets)
 * with a Kafka admin client. Not thread-safe: one caller (the dashboard's ticker). Must be closed.
 */
public final class LagProbe implements AutoCloseable {
    private final Admin admin;
    private final String topicPrefix;

    public LagProbe(Admin admin, String topicPrefix) {
        this.admin = admin;
        this.topicPrefix = topicPrefix;
    }

    /** Records behind per group (only groups with offsets on the namespace's topics). */
    @SuppressWarnings("deprecation")
    public Map<String, Long> lagByGroup(Duration timeout) throws Exception {
        long ms = timeout.toMillis();
        Set<String> groups = admin.listConsumerGroups().all().get(ms, TimeUnit.MILLISECONDS).stream()
                .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
        Map<String, Long> out = new HashMap<>();
        for (String g : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g)
                    .partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            committed.forEach((tp, om) -> {
                if (om != null && tp.topic().startsWith(topicPrefix)) {
                    ask.put(tp, OffsetSpec.latest());
                }
            });
            if (ask.isEmpty()) {
                continue;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all()
                    .get(ms, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                lag += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
            }
            out.put(g, lag);
        }
        return out;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
