package dev.cascade.edge.guard;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks a decoded window passes before the edge acts on it: it names the device of its topic, its
 * samples are within what its sensor can produce, it is fresh, and its sequence number is new for its
 * device. Not thread-safe: one per worker (a device's windows all go to one worker).
 */
public final class WindowGuard {
    private final SampleLimits limits;
    private final Freshness freshness;
    private final ReplayGuard replays;

    public WindowGuard(SampleLimits limits, Freshness freshness) {
        if (limits == null || freshness == null) {
            throw new IllegalArgumentException("limits and freshness must not be null, were " + limits + ", " + freshness);
        }
        this.limits = limits;
        this.freshness = freshness;
        this.replays = new ReplayGuard(freshness.replayWindow());
    }

    /** Why {@code w}, received on the topic of {@code topicDevice} at {@code now}, must not be acted on, if it must not. */
    public Optional<Rejection> check(String topicDevice, SensorWindow w, Instant now) {
        if (!w.deviceId().value().equals(topicDevice)) {
            return Optional.of(new Rejection(RejectReason.FOREIGN_DEVICE, "deviceId must be the topic's device \""
                    + topicDevice + "\", was \"" + w.deviceId().value() + "\""));
        }
        Optional<Rejection> saturated = limits.check(w);
        if (saturated.isPresent()) {
            return saturated;
        }
        Duration age = Duration.between(w.sentAt(), now);
        if (age.compareTo(freshness.maxAge()) > 0) {
            return Optional.of(new Rejection(RejectReason.STALE, "sentAt must be at most " + freshness.maxAge()
                    + " old, was " + age + " old (" + w.sentAt() + ")"));
        }
        if (age.negated().compareTo(freshness.maxFutureSkew()) > 0) {
            return Optional.of(new Rejection(RejectReason.STALE, "sentAt must be at most " + freshness.maxFutureSkew()
                    + " in the future, was " + age.negated() + " ahead (" + w.sentAt() + ")"));
        }
        if (!replays.firstSighting(topicDevice, w.sequence())) {
            return Optional.of(new Rejection(RejectReason.REPLAYED, "sequence must be new for device \"" + topicDevice
                    + "\", was " + w.sequence() + " again"));
        }
        return Optional.empty();
    }
}
