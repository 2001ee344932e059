package dev.cascade.actuators.interlock;

import java.util.List;
import java.util.Optional;

/**
 * The bridge's interlocks: per device kind, and the rate limit of devices when no kinds are configured.
 *
 * @param kinds the device kinds; empty: every device takes every command type (only the rate limit, lock-out,
 *     conflicts and the operator-only resume apply)
 * @param defaultMaxPerMinute commands per device per minute when no kind is configured
 */
public record InterlockConfig(List<DeviceKind> kinds, int defaultMaxPerMinute) {
    public InterlockConfig {
        if (kinds == null) {
            throw new IllegalArgumentException("kinds must not be null");
        }
        if (defaultMaxPerMinute < 1) {
            throw new IllegalArgumentException("defaultMaxPerMinute must be >= 1, was " + defaultMaxPerMinute);
        }
        kinds = List.copyOf(kinds);
        if (kinds.stream().map(DeviceKind::name).distinct().count() != kinds.size()) {
            throw new IllegalArgumentException("kinds must have distinct names, was " + kinds.stream().map(DeviceKind::name).toList());
        }
    }

    /** No kinds, {@code perMinute} commands per device per minute. */
    public static InterlockConfig rateLimitOnly(int perMinute) {
        return new InterlockConfig(List.of(), perMinute);
    }

    /** The first kind {@code deviceId} matches. */
    public Optional<DeviceKind> kindOf(String deviceId) {
        for (DeviceKind k : kinds) {
            if (k.matches(deviceId)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
