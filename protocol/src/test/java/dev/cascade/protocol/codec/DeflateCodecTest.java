package dev.cascade.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.Fixtures;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class DeflateCodecTest {
    private static EscalationBatch batch() {
        Escalation e = new Escalation(Fixtures.window(), 0.5f, EscalationReason.UNCERTAIN, new ModelRef("m", "1"),
                Instant.parse("2026-12-01T10:00:00Z"));
        return new EscalationBatch(DeviceId.of("gw-1"), List.of(e, e, e));
    }

    @Test
    void escalationBatch_roundTripsDeflated_andIsSmallerThanCbor() {
        EscalationBatch b = batch();
        byte[] z = DeflateCodec.escalationBatches().encode(b);
        assertThat(DeflateCodec.escalationBatches().decode(z).orElseThrow()).isEqualTo(b);
        assertThat(z.length).isLessThan(Codecs.escalationBatch().encode(b).length);
        assertThat(DeflateCodec.escalationBatches().contentType()).isEqualTo("application/cbor+deflate");
    }

    @Test
    void plainCbor_isRefusedAsMalformed() {
        Decoded<EscalationBatch> d = DeflateCodec.escalationBatches().decode(Codecs.escalationBatch().encode(batch()));
        assertThat(d).isInstanceOf(Decoded.Rejected.class);
        Rejection r = ((Decoded.Rejected<EscalationBatch>) d).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(r.detail()).startsWith("deflated payload is not a valid zlib stream");
    }

    @Test
    void truncatedStream_isRefusedAsMalformed() {
        byte[] z = DeflateCodec.escalationBatches().encode(batch());
        Rejection r = ((Decoded.Rejected<EscalationBatch>) DeflateCodec.escalationBatches()
                .decode(Arrays.copyOf(z, z.length / 2))).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(r.detail()).startsWith("deflated payload is truncated");
    }

    @Test
    void compressionBomb_isRefusedAsOversize_withoutInflatingItAll() {
        byte[] zeros = new byte[Codecs.MAX_BATCH_BYTES + 1];
        byte[] bomb = DeflateCodec.deflate(zeros, Deflater.BEST_COMPRESSION);
        Rejection r = ((Decoded.Rejected<EscalationBatch>) DeflateCodec.escalationBatches().decode(bomb)).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.OVERSIZE);
        assertThat(r.detail()).isEqualTo("inflated payload must be at most " + Codecs.MAX_BATCH_BYTES + " bytes, was more");
    }

    @Test
    void emptyPayload_isRefusedAsEmpty() {
        Rejection r = ((Decoded.Rejected<EscalationBatch>) DeflateCodec.escalationBatches().decode(new byte[0])).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.EMPTY);
    }
}
