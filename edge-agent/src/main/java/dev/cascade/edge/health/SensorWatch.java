package dev.cascade.edge.health;

import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each sensor last sent a window, to name the ones that stopped: a sensor silent for longer than
 * {@code silentAfter} is a counted {@code sensor_silent} outcome (once per silence, logged at WARN) and is listed in
 * the heartbeat until it sends again. Thread-safe.
 */
public final class SensorWatch {
    private static final Logger log = LoggerFactory.getLogger(SensorWatch.class);

    private final Duration silentAfter;
    private final Map<DeviceId, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Set<DeviceId> silent = ConcurrentHashMap.newKeySet();
    private final LongAdder silences = new LongAdder();

    public SensorWatch(Duration silentAfter) {
        if (silentAfter == null || silentAfter.isNegative() || silentAfter.isZero()) {
            throw new IllegalArgumentException("silentAfter must be > 0, was " + silentAfter);
        }
        this.silentAfter = silentAfter;
    }

    /** A window of {@code device} arrived at {@code now}. */
    public void seen(DeviceId device, Instant now) {
        lastSeen.put(device, now);
        if (!silent.isEmpty() && silent.remove(device)) {
            log.info("sensor {} sends again", device);
        }
    }

    /** The sensors silent at {@code now}, sorted; newly silent ones are counted and logged. */
    public List<DeviceId> silentAt(Instant now) {
        for (Map.Entry<DeviceId, Instant> e : lastSeen.entrySet()) {
            if (now.isAfter(e.getValue().plus(silentAfter)) && silent.add(e.getKey())) {
                silences.increment();
                log.warn("sensor {} is silent: no window since {} (more than {})", e.getKey(), e.getValue(), silentAfter);
            }
        }
        List<DeviceId> out = new ArrayList<>(silent);
        out.sort(null);
        return out;
    }

    /** Times a sensor fell silent. */
    public long silences() {
        return silences.sum();
    }
}
