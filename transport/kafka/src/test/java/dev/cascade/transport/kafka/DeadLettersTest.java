package dev.cascade.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final DeadLetters deadLetters = new DeadLetters(producer, new Topics("dl"), "ingest");

    @Test
    void route_ofAPayloadLargerThanTheLimit_carriesItsHeadWithTheOriginalSizeAndDigest() throws Exception {
        byte[] big = new byte[17 * 1024 * 1024];
        Arrays.fill(big, (byte) 7);

        deadLetters.route("mqtt:x", "m-1", big, new Rejection(RejectReason.OVERSIZE, "payload must be <= 8 MiB")).get();

        ProducerRecord<String, byte[]> r = producer.history().get(0);
        assertThat(r.value()).hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
        assertThat(header(r, DeadLetters.ORIGINAL_SIZE)).isEqualTo(Integer.toString(big.length));
        assertThat(header(r, DeadLetters.ORIGINAL_SHA256))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
        assertThat(header(r, Headers.REJECT_REASON)).isEqualTo("oversize");
        assertThat(deadLetters.truncated()).isEqualTo(1);
    }

    @Test
    void route_ofASmallPayload_carriesItWhole_withoutSizeHeaders() throws Exception {
        byte[] small = "not cbor".getBytes(StandardCharsets.UTF_8);

        deadLetters.route("mqtt:x", "m-1", small, new Rejection(RejectReason.MALFORMED, "not CBOR")).get();

        ProducerRecord<String, byte[]> r = producer.history().get(0);
        assertThat(r.value()).isEqualTo(small);
        assertThat(r.headers().lastHeader(DeadLetters.ORIGINAL_SIZE)).isNull();
        assertThat(deadLetters.truncated()).isZero();
    }

    @Test
    void route_whenKafkaRefuses_failsTheFuture_andCountsTheFailureAndTheReason() {
        MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        DeadLetters dl = new DeadLetters(failing, new Topics("dl"), "ingest");

        var done = dl.route("mqtt:x", null, new byte[10], new Rejection(RejectReason.MALFORMED, "not CBOR"));
        failing.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

        assertThat(done).isCompletedExceptionally();
        assertThat(dl.writeFailures()).isEqualTo(1);
        assertThat(dl.counts().get(RejectReason.MALFORMED)).isEqualTo(1);
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
