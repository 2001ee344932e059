package dev.cascade.transport.kafka;

import dev.cascade.config.ConfigNode;
import dev.cascade.protocol.topic.Topics;
import java.util.List;

/**
 * Whether a role creates its namespace's missing Kafka topics at start, and how.
 *
 * @param enabled false: the topics must exist already
 * @param partitions partitions of each created topic (the dead-letter topic gets 1)
 * @param replication replication factor of each created topic
 */
public record TopicCreation(boolean enabled, int partitions, short replication) {
    public TopicCreation {
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be in [1, 10000], was " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication must be >= 1, was " + replication);
        }
    }

    /** Reads {@code create-topics:} ({@code enabled}, {@code partitions}, {@code replication}). */
    public static TopicCreation read(ConfigNode n) {
        boolean enabled = n.bool("enabled", true, "create the namespace's missing topics at start");
        int partitions = (int) n.integer("partitions", 4, 1, 10_000, "partitions of each created topic");
        short replication = (short) n.integer("replication", 1, 1, 32, "replication factor of each created topic");
        n.finish();
        return new TopicCreation(enabled, partitions, replication);
    }

    /** Creates the missing topics when enabled; returns those it created. */
    public List<String> apply(KafkaSettings kafka, Topics topics) {
        return enabled ? TopicProvisioner.ensure(kafka, topics, partitions, replication) : List.of();
    }
}
