package dev.cascade.edge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RejectionLogTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T12:00:00Z"));
    private final InstantSource clock = () -> now.get();

    @Test
    void refusals_areCountedByReason_everyOneOfThem() {
        RejectionLog log = new RejectionLog(LoggerFactory.getLogger(RejectionLogTest.class), clock, Duration.ofMinutes(1));
        log.refused("m-1", new Rejection(RejectReason.STALE, "sentAt must be at most PT5M old, was PT20M old"));
        log.refused("m-1", new Rejection(RejectReason.STALE, "sentAt must be at most PT5M old, was PT21M old"));
        log.refused("m-2", new Rejection(RejectReason.NON_FINITE, "score must be finite, was Infinity"));
        assertThat(log.counts()).containsEntry(RejectReason.STALE, 2L).containsEntry(RejectReason.NON_FINITE, 1L)
                .containsEntry(RejectReason.MALFORMED, 0L).hasSize(RejectReason.values().length);
        assertThat(log.total()).isEqualTo(3);
    }

    @Test
    void refusals_ofOneReason_areLoggedOncePerInterval_withTheCountLeftOut() {
        RecordingLogger logger = new RecordingLogger();
        RejectionLog log = new RejectionLog(logger, clock, Duration.ofMinutes(1));
        Rejection stale = new Rejection(RejectReason.STALE, "sentAt must be at most PT5M old, was PT20M old");
        log.refused("m-1", stale);
        log.refused("m-1", stale);
        log.refused("m-1", stale);
        log.refused("m-1", new Rejection(RejectReason.REPLAYED, "sequence must be new for device \"m-1\", was 3 again"));
        now.set(now.get().plusSeconds(61));
        log.refused("m-9", stale);
        assertThat(logger.lines).containsExactly(
                "refused window from m-1: stale: sentAt must be at most PT5M old, was PT20M old (0 more stale refusals not logged in the last PT1M)",
                "refused window from m-1: replayed: sequence must be new for device \"m-1\", was 3 again (0 more replayed refusals not logged in the last PT1M)",
                "refused window from m-9: stale: sentAt must be at most PT5M old, was PT20M old (2 more stale refusals not logged in the last PT1M)");
    }
}
