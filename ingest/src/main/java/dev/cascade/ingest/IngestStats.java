package dev.cascade.ingest;

/**
 * What an ingest bridge has done; each message is counted once per stage it reached.
 *
 * @param received MQTT messages read (before decoding)
 * @param decoded messages that decoded (and whose topic was a Cascade topic)
 * @param decided messages whose every escalation now has a destination: Kafka or the dead-letter topic
 * @param written escalations written to Kafka (a batch counts once per escalation)
 * @param deadLettered refusals (whole messages, and single escalations split out of batches), by the time they were routed
 * @param escalationsRefused escalations refused from inside batches (the batch's other escalations passed)
 * @param deadLetterFailures dead letters Kafka did not take (their messages were acknowledged anyway)
 * @param kafkaRetries Kafka writes that failed and were retried
 * @param acknowledged MQTT messages acknowledged (every part written to Kafka or dead-lettered)
 * @param pending messages read but not yet acknowledged
 */
public record IngestStats(long received, long decoded, long decided, long written, long deadLettered,
                          long escalationsRefused, long deadLetterFailures, long kafkaRetries, long acknowledged,
                          long pending) {}
