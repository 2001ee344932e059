package dev.cascade.edge.guard;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Counts refusals by reason and logs them at WARN, rate-limited: the first of each reason per interval,
 * with how many of that reason were not logged since. Thread-safe.
 */
public final class RejectionLog {
    private final Logger log;
    private final InstantSource clock;
    private final Duration interval;
    private final Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Instant> lastLogged = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> suppressed = new EnumMap<>(RejectReason.class);

    public RejectionLog(Logger log, InstantSource clock, Duration interval) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
        for (RejectReason r : RejectReason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    /** Counts one refusal of a message from {@code source}, and logs it unless its reason was logged within the interval. */
    public void refused(String source, Rejection rejection) {
        counts.get(rejection.reason()).increment();
        Instant now = clock.instant();
        long skipped;
        synchronized (lastLogged) {
            Instant last = lastLogged.get(rejection.reason());
            if (last != null && now.isBefore(last.plus(interval)) && !now.isBefore(last)) {
                suppressed.merge(rejection.reason(), 1L, Long::sum);
                return;
            }
            lastLogged.put(rejection.reason(), now);
            Long s = suppressed.remove(rejection.reason());
            skipped = s == null ? 0 : s;
        }
        log.warn("refused window from {}: {} ({} more {} refusals not logged in the last {})", source, rejection,
                skipped, rejection.reason().displayName(), interval);
    }

    /** Refusals so far, by reason (every reason present, zero if none). */
    public Map<RejectReason, Long> counts() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        counts.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    /** All refusals so far. */
    public long total() {
        long t = 0;
        for (LongAdder a : counts.values()) {
            t += a.sum();
        }
        return t;
    }
}
