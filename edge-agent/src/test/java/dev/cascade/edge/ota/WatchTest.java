package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.model.ModelRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchTest {
    private static final ModelRef V2 = new ModelRef("m", "2");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final OtaOptions OPTIONS = OtaOptions.defaults(Path.of("ota"))
            .withWatch(Duration.ofMinutes(5), 100, 0.5, 0.05);

    private static Watch watch() {
        return new Watch(V2, T0, new ModelCounters.Snapshot(10, 5, 1), OPTIONS);
    }

    @Test
    void escalationRate_isJudgedOnlyOnceEnoughWindowsWereScored_countedFromTheSwap() {
        Watch w = watch();
        assertThat(w.judge(T0.plusSeconds(10), new ModelCounters.Snapshot(10 + 99, 5 + 99, 1)).kind())
                .isEqualTo(Watch.Verdict.Kind.WATCHING);
        Watch.Verdict v = w.judge(T0.plusSeconds(20), new ModelCounters.Snapshot(10 + 100, 5 + 51, 1));
        assertThat(v.kind()).isEqualTo(Watch.Verdict.Kind.ROLL_BACK);
        assertThat(v.reason()).isEqualTo(Reasons.WATCH_ESCALATION_RATE);
        assertThat(v.detail()).isEqualTo("m@2 escalated 51 of its first 100 windows (51.0 %, at most 50.0 % allowed)");
    }

    @Test
    void failures_overTheErrorRate_rollBack_evenBeforeEnoughWindows() {
        Watch.Verdict v = watch().judge(T0.plusSeconds(1), new ModelCounters.Snapshot(10 + 3, 5, 1 + 1));
        assertThat(v.kind()).isEqualTo(Watch.Verdict.Kind.ROLL_BACK);
        assertThat(v.reason()).isEqualTo(Reasons.WATCH_ERRORS);
        assertThat(v.detail()).isEqualTo("m@2 failed on 1 of its first 3 windows (at most 5.0 % allowed)");
    }

    @Test
    void aVersionWithinItsLimits_isKept_whenTheWatchWindowHasPassed() {
        Watch w = watch();
        ModelCounters.Snapshot fine = new ModelCounters.Snapshot(10 + 1000, 5 + 30, 1);
        assertThat(w.judge(T0.plus(Duration.ofMinutes(5)).minusMillis(1), fine).kind()).isEqualTo(Watch.Verdict.Kind.WATCHING);
        Watch.Verdict v = w.judge(T0.plus(Duration.ofMinutes(5)), fine);
        assertThat(v.kind()).isEqualTo(Watch.Verdict.Kind.KEEP);
        assertThat(v.detail()).isEqualTo("m@2 watched PT5M: 1000 windows, 30 escalated, 0 failed");
    }
}
