package dev.cascade.actuators.delivery;

/**
 * What the delivery bridge has done.
 *
 * @param commandsReceived commands read from Kafka
 * @param commandsSent commands published to actuators (first sends)
 * @param resends commands published again for want of an acknowledgement
 * @param acksReceived acknowledgements read from MQTT (and written to Kafka)
 * @param acked commands acknowledged with success (executed or duplicate)
 * @param failed commands refused, expired or failed (each raised an alert)
 * @param duplicatesSkipped commands read again (same id) after they were already handled
 * @param pending commands sent and awaiting acknowledgement
 * @param deadLettered undecodable commands or acknowledgements, and unsolicited acknowledgements
 * @param acksUnsolicited acknowledgements of commands never issued (dead-lettered, never on the acks topic)
 * @param retainedIgnored retained messages on command or ack topics, ignored
 * @param commandsSeen commands seen published on command topics (this bridge's and edge agents')
 * @param duplicateAcks acknowledgements of a command whose fate is already on the acks topic (a resend answered
 *     twice): not written again
 */
public record DeliveryStats(long commandsReceived, long commandsSent, long resends, long acksReceived, long acked,
                            long failed, long duplicatesSkipped, long pending, long deadLettered, long acksUnsolicited,
                            long retainedIgnored, long commandsSeen, long duplicateAcks) {}
