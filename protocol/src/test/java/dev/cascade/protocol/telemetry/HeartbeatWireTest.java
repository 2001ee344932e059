package dev.cascade.protocol.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatWireTest {
    private static Heartbeat heartbeat(Map<String, Long> escalations) {
        return new Heartbeat(DeviceId.of("gw-1"), 3, Instant.parse("2026-06-01T10:00:00.123456789Z"), 60_000,
                List.of(new ModelRef("vibration-anomaly-edge", "1")), 12, 0, 6000, escalations, 9, 41, 0.07,
                20_000_000, 140_000_000, 5_000_000_000L, List.of(DeviceId.of("m-7")), Map.of("expired", 2L), false,
                "site-7", "");
    }

    @Test
    void heartbeat_roundTripsThroughItsCodec() {
        Heartbeat h = heartbeat(Map.of("audit_sample", 4L, "uncertain", 30L));

        Decoded<Heartbeat> back = Codecs.heartbeat().decode(Codecs.heartbeat().encode(h));

        assertThat(back.orElseThrow()).isEqualTo(h);
        assertThat(h.sentAt()).isEqualTo(Instant.parse("2026-06-01T10:00:00.123456Z"));
        assertThat(new String(Codecs.heartbeat().encode(h), StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"gatewayId\":\"gw-1\"");
    }

    @Test
    void heartbeat_withANegativeCount_isRefused_inTheConstructorAndFromTheWire() {
        assertThatThrownBy(() -> heartbeat(Map.of("uncertain", -1L)))
                .hasMessage("escalationsInInterval.uncertain must be >= 0, was -1");
        String json = new String(Codecs.heartbeat().encode(heartbeat(Map.of("uncertain", 1L))), StandardCharsets.UTF_8)
                .replace("\"uncertain\":1", "\"uncertain\":-1");

        Decoded<Heartbeat> d = Codecs.heartbeat().decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(d).isInstanceOfSatisfying(Decoded.Rejected.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(RejectReason.INVALID);
            assertThat(r.rejection().detail()).contains("escalationsInInterval.uncertain must be >= 0, was -1");
        });
    }
}
