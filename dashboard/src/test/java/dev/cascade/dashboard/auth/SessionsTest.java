package dev.cascade.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {
    @Test
    void session_isFoundUntilItsTtl_thenForgotten() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), 10);
        Session s = sessions.open("alice", Role.OPERATOR);
        assertThat(s.id()).hasSize(32).isNotEqualTo(s.csrfToken());
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).contains(s);
        clock.advance(Duration.ofMinutes(1));
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void csrf_matchesOnlyTheSessionsOwnToken() {
        Sessions sessions = new Sessions(java.time.Clock.systemUTC(), Duration.ofMinutes(30), 10);
        Session a = sessions.open("alice", Role.OPERATOR);
        Session b = sessions.open("bob", Role.VIEWER);
        assertThat(Sessions.csrfMatches(a, a.csrfToken())).isTrue();
        assertThat(Sessions.csrfMatches(a, b.csrfToken())).isFalse();
        assertThat(Sessions.csrfMatches(a, null)).isFalse();
        assertThat(Sessions.csrfMatches(a, "")).isFalse();
    }

    @Test
    void tooManySessions_dropTheOldest_andLogoutEndsOne() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(30), 2);
        Session first = sessions.open("a", Role.VIEWER);
        clock.advance(Duration.ofSeconds(1));
        Session second = sessions.open("b", Role.VIEWER);
        clock.advance(Duration.ofSeconds(1));
        Session third = sessions.open("c", Role.VIEWER);
        assertThat(sessions.find(first.id())).isEmpty();
        assertThat(sessions.find(second.id())).isPresent();
        sessions.close(third.id());
        assertThat(sessions.find(third.id())).isEmpty();
        assertThat(third.toString()).doesNotContain(third.id()).doesNotContain(third.csrfToken());
    }
}
