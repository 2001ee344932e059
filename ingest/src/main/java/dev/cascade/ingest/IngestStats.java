package dev.cascade.ingest;

/**
 * What an ingest bridge has done.
 *
 * @param received MQTT messages read
 * @param written escalations written to Kafka (a batch counts once per escalation)
 * @param acknowledged MQTT messages acknowledged (all of their records are in Kafka)
 * @param deadLettered messages refused and written to the dead-letter topic
 * @param kafkaRetries Kafka writes that failed and were retried
 * @param pending messages read but not yet acknowledged
 */
public record IngestStats(long received, long written, long acknowledged, long deadLettered, long kafkaRetries,
                          long pending) {}
