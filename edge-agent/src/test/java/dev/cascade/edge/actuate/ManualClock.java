package dev.cascade.edge.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test steps. Not thread-safe. */
final class ManualClock implements InstantSource {
    private Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
