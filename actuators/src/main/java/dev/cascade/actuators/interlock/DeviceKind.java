package dev.cascade.actuators.interlock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of actuator and its interlocks.
 *
 * @param name e.g. {@code valve}, {@code machine}
 * @param devicePrefixes device ids starting with one of these are of this kind
 * @param commands the command types this kind takes (wire names, e.g. {@code open_valve})
 * @param maxOpen the longest a valve of this kind may be opened by one command, if limited
 * @param minInterval the shortest time between a stop (close, stop) and the next start (open, resume); zero: none
 * @param maxPerMinute commands one device of this kind may receive in any minute
 */
public record DeviceKind(String name, List<String> devicePrefixes, Set<String> commands, Optional<Duration> maxOpen,
                         Duration minInterval, int maxPerMinute) {
    public DeviceKind {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("name must be 1-32 characters of [a-z0-9_-], was " + name);
        }
        if (devicePrefixes == null || devicePrefixes.isEmpty()) {
            throw new IllegalArgumentException("devicePrefixes must not be empty, was " + devicePrefixes);
        }
        if (commands == null || commands.isEmpty()) {
            throw new IllegalArgumentException("commands must not be empty, was " + commands);
        }
        if (maxOpen == null || maxOpen.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
            throw new IllegalArgumentException("maxOpen must be > 0 when set, was " + maxOpen);
        }
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must be >= 0, was " + minInterval);
        }
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("maxPerMinute must be >= 1, was " + maxPerMinute);
        }
        devicePrefixes = List.copyOf(devicePrefixes);
        commands = Set.copyOf(commands);
    }

    /** Whether {@code deviceId} is of this kind. */
    public boolean matches(String deviceId) {
        for (String p : devicePrefixes) {
            if (deviceId.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
