package dev.cascade.transport.kafka;

import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the Kafka topics of a namespace that do not exist yet. */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    /**
     * Creates every Kafka topic of {@code topics} that is missing: {@code partitions} partitions each
     * (1 for the dead-letter topic), replication {@code replication}; the alarms topic is compacted (the latest state
     * of each alarm, keyed by alarm id, is kept).
     */
    public static List<String> ensure(KafkaSettings settings, Topics topics, int partitions, short replication) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        try (Admin admin = KafkaClients.admin(settings)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Channel c : Channel.values()) {
                if (c.onKafka() && !existing.contains(topics.kafka(c))) {
                    int n = c == Channel.DEAD_LETTER ? 1 : partitions;
                    missing.add(new NewTopic(topics.kafka(c), n, replication).configs(configs(c)));
                }
            }
            List<String> created = new ArrayList<>();
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                    created.add(t.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + t.name() + ": " + e.getCause(), e);
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics at " + settings.bootstrapServers() + ": " + e, e);
        }
    }

    /** The topic configuration of {@code channel}'s topic. */
    static Map<String, String> configs(Channel channel) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("max.message.bytes", String.valueOf(16 * 1024 * 1024));
        if (channel == Channel.ALARMS) {
            m.put("cleanup.policy", "compact");
        }
        return Map.copyOf(m);
    }
}
