package dev.cascade.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FleetBoardTest {
    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    private static InferenceResult result(Instant at, float score) {
        return new InferenceResult(CorrelationId.random(), DeviceId.of("press-1"), SensorKind.VIBRATION,
                new ModelRef("vib", "3"), score, 2f, score > 2f ? Verdict.ANOMALY : Verdict.NORMAL, at, at.plusMillis(30),
                4, score);
    }

    @Test
    void results_makeASeriesOfAtMostTheConfiguredPoints_andOnlyChangedDevicesAreSentAgain() {
        FleetBoard board = new FleetBoard(Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC), Duration.ofSeconds(60), 3);
        for (int i = 0; i < 5; i++) {
            board.result(result(T0.plusSeconds(i), i));
        }
        FleetBoard.DeviceRow row = board.rows().get(0);
        assertThat(row.series()).extracting(FleetBoard.Point::v).containsExactly(2.0, 3.0, 4.0);
        assertThat(row.state()).isEqualTo("anomaly");
        assertThat(row.cloudModel()).isEqualTo("vib@3");
        long v = board.version();
        assertThat(board.changedSince(v)).isEmpty();
        board.heartbeat("field-1", T0.plusSeconds(9), "soil-edge@4");
        assertThat(board.changedSince(v)).extracting(FleetBoard.DeviceRow::deviceId).containsExactly("field-1");
    }

    @Test
    void device_silentLongerThanOfflineAfter_isShownOffline() {
        FleetBoard board = new FleetBoard(Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC), Duration.ofSeconds(60), 10);
        board.heartbeat("field-1", T0, "");
        board.heartbeat("field-2", T0.plusSeconds(100), "");
        assertThat(board.rows()).extracting(FleetBoard.DeviceRow::deviceId, FleetBoard.DeviceRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("field-1", "offline"),
                        org.assertj.core.groups.Tuple.tuple("field-2", "ok"));
    }
}
