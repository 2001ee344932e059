package dev.cascade.edge.ota;

import dev.cascade.protocol.model.ModelRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Watches a newly installed version for its first minutes: rolls it back when too many of its windows are
 * escalated or fail, keeps it when the watch window passes without that. Not thread-safe; time comes from the caller.
 */
final class Watch {
    private final ModelRef model;
    private final Instant start;
    private final ModelCounters.Snapshot base;
    private final OtaOptions options;

    Watch(ModelRef model, Instant start, ModelCounters.Snapshot base, OtaOptions options) {
        this.model = model;
        this.start = start;
        this.base = base;
        this.options = options;
    }

    ModelRef model() {
        return model;
    }

    /** What to do with the watched version now, given its counts so far. */
    Verdict judge(Instant now, ModelCounters.Snapshot counts) {
        ModelCounters.Snapshot d = counts.minus(base);
        if (d.failed() > 0 && d.failed() > options.maxErrorRate() * Math.max(1, d.windows())) {
            return Verdict.rollback(Reasons.WATCH_ERRORS, String.format(Locale.ROOT,
                    "%s failed on %d of its first %d windows (at most %.1f %% allowed)", model, d.failed(), d.windows(),
                    100 * options.maxErrorRate()));
        }
        if (d.windows() >= options.minWatchedWindows() && d.escalated() > options.maxEscalationRate() * d.windows()) {
            return Verdict.rollback(Reasons.WATCH_ESCALATION_RATE, String.format(Locale.ROOT,
                    "%s escalated %d of its first %d windows (%.1f %%, at most %.1f %% allowed)", model, d.escalated(),
                    d.windows(), 100.0 * d.escalated() / d.windows(), 100 * options.maxEscalationRate()));
        }
        if (Duration.between(start, now).compareTo(options.watchWindow()) >= 0) {
            return Verdict.keep(String.format(Locale.ROOT, "%s watched %s: %d windows, %d escalated, %d failed", model,
                    options.watchWindow(), d.windows(), d.escalated(), d.failed()));
        }
        return Verdict.WATCHING;
    }

    /** The watch's outcome at one moment. */
    record Verdict(Kind kind, String reason, String detail) {
        static final Verdict WATCHING = new Verdict(Kind.WATCHING, "", "");

        static Verdict keep(String detail) {
            return new Verdict(Kind.KEEP, "", detail);
        }

        static Verdict rollback(String reason, String detail) {
            return new Verdict(Kind.ROLL_BACK, reason, detail);
        }

        enum Kind { WATCHING, KEEP, ROLL_BACK }
    }
}
