package dev.cascade.protocol.topic;

/** Names of Kafka record headers and MQTT 5 user properties that Cascade sets. */
public final class Headers {
    /** The message's correlation id, so logs and tools can follow it without decoding the payload. */
    public static final String CORRELATION_ID = "cascade-correlation-id";
    /** The MIME type of the payload. */
    public static final String CONTENT_TYPE = "content-type";
    /** On dead letters: the {@code RejectReason} display name. */
    public static final String REJECT_REASON = "cascade-reject-reason";
    /** On dead letters: the human-readable detail. */
    public static final String REJECT_DETAIL = "cascade-reject-detail";
    /** On dead letters: where the message came from (an MQTT or Kafka topic). */
    public static final String SOURCE = "cascade-source";
    /** On dead letters: the role that refused it. */
    public static final String REJECTED_BY = "cascade-rejected-by";

    private Headers() {}
}
