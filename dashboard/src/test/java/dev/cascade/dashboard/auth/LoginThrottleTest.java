package dev.cascade.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final LoginPolicy POLICY = new LoginPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 6,
            Duration.ofMinutes(15));

    @Test
    void delay_isZeroWhileFree_thenDoublesUpToTheMaximum_thenLocksOut() {
        assertThat(POLICY.delayAfter(0)).isZero();
        assertThat(POLICY.delayAfter(2)).isZero();
        assertThat(POLICY.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.delayAfter(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.delayAfter(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(POLICY.delayAfter(6)).isEqualTo(Duration.ofMinutes(15));
        assertThat(new LoginPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(8), 20, Duration.ofMinutes(1))
                .delayAfter(10)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void failures_perUser_makeTheUserWait_fromAnyAddress() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock, POLICY, 1000);
        for (int i = 0; i < 3; i++) {
            assertThat(t.waitFor("alice", "10.0.0." + i)).isEmpty();
            t.failed("alice", "10.0.0." + i);
        }
        assertThat(t.waitFor("alice", "10.0.0.99")).contains(Duration.ofSeconds(1));
        assertThat(t.waitFor("bob", "10.0.0.99")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.waitFor("alice", "10.0.0.99")).isEmpty();
    }

    @Test
    void failures_perAddress_makeTheAddressWait_forEveryName() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock, POLICY, 1000);
        for (String user : new String[] {"a1", "a2", "a3", "a4"}) {
            t.failed(user, "10.9.9.9");
        }
        assertThat(t.waitFor("someone-else", "10.9.9.9")).contains(Duration.ofSeconds(2));
        assertThat(t.waitFor("someone-else", "10.1.1.1")).isEmpty();
    }

    @Test
    void lockout_afterTheLimit_lastsItsDuration_andSuccessClearsFailures() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock, POLICY, 1000);
        for (int i = 0; i < 6; i++) {
            t.failed("alice", "10.0.0.1");
        }
        assertThat(t.lockedOut("alice", "10.0.0.1")).isTrue();
        assertThat(t.waitFor("alice", "10.0.0.2")).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15));
        assertThat(t.lockedOut("alice", "10.0.0.1")).isFalse();
        assertThat(t.waitFor("alice", "10.0.0.1")).isEmpty();
        t.succeeded("alice", "10.0.0.1");
        assertThat(t.failed("alice", "10.0.0.1")).isEqualTo(1);
    }

    @Test
    void policy_withLockoutNotAboveFreeAttempts_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoginPolicy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(8), 3, Duration.ofMinutes(1)))
                .hasMessage("lockoutAfter must be > freeAttempts (3), was 3");
    }
}
