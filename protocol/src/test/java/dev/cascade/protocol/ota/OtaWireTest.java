package dev.cascade.protocol.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OtaWireTest {
    private static final ModelRef V2 = new ModelRef("vibration-anomaly-edge", "2");
    private static final String SHA = "ab".repeat(32);

    @Test
    void otaMessages_roundTripThroughTheirCodecs() {
        OtaAnnouncement a = new OtaAnnouncement(V2, 30_000, SHA, Instant.parse("2026-12-01T10:00:00.1234567Z"));
        ChunkRequest r = new ChunkRequest(V2, 4096, 1024);
        ModelChunk c = new ModelChunk(V2, 4096, 30_000, new byte[] {1, 2, 3});
        OtaStatus s = new OtaStatus(DeviceId.of("gw-1"), V2, OtaState.ROLLED_BACK, "watch_escalation_rate", "too many",
                new ModelRef("vibration-anomaly-edge", "1"), 0, Instant.parse("2026-12-01T10:05:00Z"));

        assertThat(Codecs.otaAnnouncement().decode(Codecs.otaAnnouncement().encode(a)).orElseThrow()).isEqualTo(a);
        assertThat(a.announcedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123456Z"));
        assertThat(Codecs.chunkRequest().decode(Codecs.chunkRequest().encode(r)).orElseThrow()).isEqualTo(r);
        assertThat(Codecs.modelChunk().decode(Codecs.modelChunk().encode(c)).orElseThrow()).isEqualTo(c);
        assertThat(Codecs.otaStatus().decode(Codecs.otaStatus().encode(s)).orElseThrow()).isEqualTo(s);
        assertThat(new String(Codecs.otaStatus().encode(s), StandardCharsets.UTF_8))
                .startsWith("{\"v\":1,\"gatewayId\":\"gw-1\",\"model\":{\"name\":\"vibration-anomaly-edge\",\"version\":\"2\"},\"state\":5");
    }

    @Test
    void chunk_endingPastItsArchive_isRefused_inTheConstructorAndFromTheWire() {
        assertThatThrownBy(() -> new ModelChunk(V2, 29_999, 30_000, new byte[2]))
                .hasMessage("data must be ending within the archive (size 30000), was 30001");
        String json = "{\"v\":1,\"model\":{\"name\":\"m\",\"version\":\"2\"},\"offset\":-1,\"length\":10}";
        Decoded<ChunkRequest> d = Codecs.chunkRequest().decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(d).isInstanceOf(Decoded.Rejected.class);
        Decoded.Rejected<ChunkRequest> rej = (Decoded.Rejected<ChunkRequest>) d;
        assertThat(rej.rejection().reason()).isEqualTo(RejectReason.INVALID);
        assertThat(rej.rejection().detail()).isEqualTo("offset must be in [0, 67108864), was -1");
    }

    @Test
    void chunk_carriesACopyOfItsBytes() {
        byte[] data = {1, 2, 3};
        ModelChunk c = new ModelChunk(V2, 0, 3, data);
        data[0] = 9;
        c.data()[1] = 9;
        assertThat(c.data()).containsExactly(1, 2, 3);
    }

    @Test
    void otaTopics_areTheGatewaysOwn() {
        Topics t = new Topics("cascade");
        assertThat(t.mqtt(Channel.OTA_ANNOUNCE, DeviceId.of("gw-1"))).isEqualTo("cascade/v1/gw-1/ota-announce");
        assertThat(t.parseMqtt("cascade/v1/gw-1/ota-requests").orElseThrow().channel()).isEqualTo(Channel.OTA_REQUESTS);
        assertThat(Channel.OTA_CHUNKS.onKafka()).isFalse();
    }
}
