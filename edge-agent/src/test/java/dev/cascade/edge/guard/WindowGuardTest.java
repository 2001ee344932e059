package dev.cascade.edge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowGuardTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final WindowGuard guard = new WindowGuard(SampleLimits.defaults(), Freshness.defaults());

    private static SensorWindow vibration(String device, long seq, Instant sentAt, float value) {
        float[] v = new float[16];
        Arrays.fill(v, value);
        return new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, sentAt, seq, CorrelationId.random(), sentAt,
                Samples.of(v));
    }

    private static SensorWindow soil(String device, float moisture, float temperature, float rain) {
        return new SensorWindow(DeviceId.of(device), SensorKind.SOIL, 1, NOW, 0, CorrelationId.random(), NOW,
                Samples.interleaved(3, new float[] {30, 20, 0, moisture, temperature, rain}));
    }

    private Optional<RejectReason> reason(String topicDevice, SensorWindow w) {
        return guard.check(topicDevice, w, NOW).map(Rejection::reason);
    }

    @Test
    void window_fromItsOwnTopic_freshAndInRange_passes() {
        assertThat(guard.check("m-1", vibration("m-1", 0, NOW, 0.5f), NOW)).isEmpty();
    }

    @Test
    void window_withForeignDevice_isRefused() {
        assertThat(guard.check("m-1", vibration("m-2", 0, NOW, 0.5f), NOW)).contains(new Rejection(
                RejectReason.FOREIGN_DEVICE, "deviceId must be the topic's device \"m-1\", was \"m-2\""));
    }

    @Test
    void window_ofLargeButFiniteSamples_isRefusedAsSaturated() {
        assertThat(guard.check("m-1", vibration("m-1", 0, NOW, 1e20f), NOW)).contains(new Rejection(
                RejectReason.SATURATED, "samples[0] (vibration accel) must be in [-200.0, 200.0] g, was 1.0E20"));
    }

    @Test
    void soilWindow_outsideEachChannelsRange_isRefusedNamingTheChannel() {
        assertThat(guard.check("z-1", soil("z-1", 101, 20, 0), NOW).map(Rejection::detail))
                .contains("samples[3] (soil moisture) must be in [0.0, 100.0] %, was 101.0");
        assertThat(guard.check("z-2", soil("z-2", 50, -41, 0), NOW).map(Rejection::detail))
                .contains("samples[4] (soil temperature) must be in [-40.0, 85.0] deg C, was -41.0");
        assertThat(reason("z-3", soil("z-3", 50, 20, 12))).isEmpty();
    }

    @Test
    void window_capturedTwentyMinutesEarlier_isRefusedAsStale() {
        Optional<Rejection> r = guard.check("m-1", vibration("m-1", 0, NOW.minus(Duration.ofMinutes(20)), 0.5f), NOW);
        assertThat(r.map(Rejection::reason)).contains(RejectReason.STALE);
        assertThat(r.get().detail()).startsWith("sentAt must be at most PT5M old, was PT20M old");
    }

    @Test
    void window_fromBeyondTheFutureSkew_isRefusedAsStale() {
        assertThat(reason("m-1", vibration("m-1", 0, NOW.plus(Duration.ofMinutes(2)), 0.5f))).contains(RejectReason.STALE);
        assertThat(reason("m-1", vibration("m-1", 1, NOW.plus(Duration.ofSeconds(30)), 0.5f))).isEmpty();
    }

    @Test
    void window_withASequenceAlreadySeen_isRefusedAsReplayed_evenOutOfOrder() {
        assertThat(reason("m-1", vibration("m-1", 5, NOW, 0.5f))).isEmpty();
        assertThat(reason("m-1", vibration("m-1", 7, NOW, 0.5f))).isEmpty();
        assertThat(reason("m-1", vibration("m-1", 6, NOW, 0.5f))).isEmpty();
        assertThat(guard.check("m-1", vibration("m-1", 6, NOW, 0.5f), NOW)).contains(new Rejection(
                RejectReason.REPLAYED, "sequence must be new for device \"m-1\", was 6 again"));
        assertThat(reason("m-1", vibration("m-1", 7, NOW, 0.5f))).contains(RejectReason.REPLAYED);
        assertThat(reason("m-1", vibration("m-1", 5, NOW, 0.5f))).contains(RejectReason.REPLAYED);
        // another device's numbers are its own
        assertThat(reason("m-2", vibration("m-2", 6, NOW, 0.5f))).isEmpty();
    }

    @Test
    void freshWindow_farBelowTheReplayWindow_isTakenAsADeviceRestart() {
        assertThat(reason("m-1", vibration("m-1", 5000, NOW, 0.5f))).isEmpty();
        assertThat(reason("m-1", vibration("m-1", 0, NOW, 0.5f))).isEmpty();
        assertThat(reason("m-1", vibration("m-1", 1, NOW, 0.5f))).isEmpty();
        assertThat(reason("m-1", vibration("m-1", 0, NOW, 0.5f))).contains(RejectReason.REPLAYED);
    }

    @Test
    void sequence_longAfterTheWindow_forgetsOnlyWhatFellOutOfIt() {
        WindowGuard small = new WindowGuard(SampleLimits.none(), new Freshness(Duration.ofMinutes(5), Duration.ZERO, 4));
        for (long s = 0; s < 10; s++) {
            assertThat(small.check("m", vibration("m", s, NOW, 0.5f), NOW)).isEmpty();
        }
        assertThat(small.check("m", vibration("m", 9, NOW, 0.5f), NOW).map(Rejection::reason)).contains(RejectReason.REPLAYED);
        assertThat(small.check("m", vibration("m", 5, NOW, 0.5f), NOW).map(Rejection::reason)).contains(RejectReason.REPLAYED);
    }
}
