package dev.cascade.transport.kafka;

import dev.cascade.protocol.topic.Headers;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/** Reads the correlation id a Kafka record carries in its {@link Headers#CORRELATION_ID} header, without decoding it. */
public final class CorrelationHeader {
    private CorrelationHeader() {}

    /** The record's correlation id as sent, or null when it has no such header (a record from the wire may lack it). */
    public static String read(org.apache.kafka.common.header.Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(Headers.CORRELATION_ID);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
