package dev.cascade.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectDelaysTest {
    private static final ReconnectBackoff BACKOFF = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** A random source that returns the given fractions, in order, from nextDouble. */
    private static final class Scripted implements RandomGenerator {
        private final Deque<Double> next = new ArrayDeque<>();

        Scripted(double... values) {
            for (double v : values) {
                next.add(v);
            }
        }

        @Override
        public double nextDouble() {
            return next.remove();
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextDouble is scripted");
        }
    }

    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-12-02T05:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static List<Duration> take(ReconnectDelays d, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(d.next());
        }
        return out;
    }

    @Test
    void delays_atTheTopOfEachDraw_doubleFromMinUpToMax() {
        ReconnectDelays d = new ReconnectDelays(BACKOFF, new Scripted(1, 1, 1, 1, 1, 1, 1, 1), new ManualClock());

        assertThat(take(d, 8)).extracting(Duration::toMillis)
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
    }

    @Test
    void delays_areDrawnUniformlyBelowTheirCeiling_fullJitter() {
        ReconnectDelays d = new ReconnectDelays(BACKOFF, new Scripted(0.5, 0.25, 0.0, 0.1, 0.75), new ManualClock());

        assertThat(take(d, 5)).extracting(Duration::toMillis).containsExactly(500L, 500L, 0L, 800L, 12_000L);
    }

    @Test
    void aConnectionThatStayedUpForMax_startsAgainFromMin_aShortOneDoesNot() {
        ManualClock clock = new ManualClock();
        ReconnectDelays d = new ReconnectDelays(BACKOFF, new Scripted(1, 1, 1, 1, 1, 1), clock);
        assertThat(take(d, 3)).extracting(Duration::toMillis).containsExactly(1_000L, 2_000L, 4_000L);

        d.connected();
        clock.now = clock.now.plusSeconds(29); // accepted, then dropped soon after: no reset
        assertThat(d.next()).isEqualTo(Duration.ofSeconds(8));

        d.connected();
        clock.now = clock.now.plusSeconds(30);
        assertThat(take(d, 2)).extracting(Duration::toMillis).containsExactly(1_000L, 2_000L);
    }

    @Test
    void ceiling_afterManyAttempts_staysAtMaxWithoutOverflow() {
        ReconnectDelays d = new ReconnectDelays(BACKOFF, new Scripted(), new ManualClock());

        assertThat(d.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.ceiling(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(d.ceiling(40)).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoff_withMaxBelowMin_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max must be >= min (PT5S), was PT1S");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("min must be > 0, was PT0S");
    }
}
