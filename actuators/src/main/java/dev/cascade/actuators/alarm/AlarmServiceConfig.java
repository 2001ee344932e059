package dev.cascade.actuators.alarm;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;

/**
 * Where the alarm service reads and writes.
 *
 * @param kafka the Kafka holding alerts, results, acks, telemetry, operator actions and alarms
 * @param topics the namespace
 * @param group the consumer group of the service (one active instance per namespace: operator actions are keyed by
 *              alarm id, alerts by device, so a second instance would see acknowledgements of alarms it does not hold)
 * @param policy when alarms clear, escalate and remind, and when devices are offline
 */
public record AlarmServiceConfig(KafkaSettings kafka, Topics topics, String group, AlarmPolicy policy) {
    public AlarmServiceConfig {
        if (kafka == null || topics == null || policy == null) {
            throw new IllegalArgumentException("kafka, topics and policy must not be null");
        }
        if (group == null || !group.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("group must be 1-64 characters of [A-Za-z0-9_-], was " + group);
        }
    }

    /** Local defaults for tests and the demo: group {@code alarms}, {@link AlarmPolicy#defaults()}. */
    public static AlarmServiceConfig defaults(String kafkaBootstrap, Topics topics) {
        return new AlarmServiceConfig(KafkaSettings.of(kafkaBootstrap, "alarms"), topics, "alarms", AlarmPolicy.defaults());
    }

    public AlarmServiceConfig withPolicy(AlarmPolicy p) {
        return new AlarmServiceConfig(kafka, topics, group, p);
    }

    public AlarmServiceConfig withClientId(String id) {
        return new AlarmServiceConfig(kafka.withClientId(id), topics, group, policy);
    }
}
