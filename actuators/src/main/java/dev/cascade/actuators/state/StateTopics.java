package dev.cascade.actuators.state;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The bridge's two compacted Kafka topics: {@code {ns}.v1.command-fates} (key: command id, value: the
 * {@code CommandAck} that settled it; compacted and deleted after {@link #FATE_RETENTION_MS}, far beyond any
 * command's time-to-live) and {@code {ns}.v1.device-locks} (key: device id, value: the operator's last
 * {@code LOCK_DEVICE} / {@code UNLOCK_DEVICE} action; compacted, kept forever).
 */
public final class StateTopics {
    /** Fates are kept a week: a command read again after that has long expired. */
    public static final long FATE_RETENTION_MS = 7L * 24 * 3600 * 1000;

    private StateTopics() {}

    public static String fates(Topics topics) {
        return topics.namespace() + ".v1.command-fates";
    }

    public static String locks(Topics topics) {
        return topics.namespace() + ".v1.device-locks";
    }

    /** Creates both topics if missing (with the broker's default partitions and replication), and makes them compacted if they exist with another policy. */
    public static void ensure(KafkaSettings settings, Topics topics) {
        Map<String, Map<String, String>> wanted = Map.of(
                fates(topics), Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(FATE_RETENTION_MS)),
                locks(topics), Map.of("cleanup.policy", "compact", "retention.ms", "-1"));
        try (Admin admin = KafkaClients.admin(settings)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Map.Entry<String, Map<String, String>> t : wanted.entrySet()) {
                if (!existing.contains(t.getKey())) {
                    try {
                        admin.createTopics(List.of(new NewTopic(t.getKey(), Optional.empty(), Optional.empty()).configs(t.getValue())))
                                .all().get(30, TimeUnit.SECONDS);
                        continue;
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create Kafka topic " + t.getKey() + ": " + e.getCause(), e);
                        }
                    }
                }
                Collection<AlterConfigOp> ops = t.getValue().entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, t.getKey()), ops))
                        .all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the bridge's state topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the bridge's state topics at " + settings.bootstrapServers() + ": " + e, e);
        }
    }
}
