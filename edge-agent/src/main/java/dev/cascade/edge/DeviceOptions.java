package dev.cascade.edge;

import dev.cascade.edge.actuate.ActuateOptions;
import dev.cascade.edge.actuate.CommandAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What an agent does for the device it runs on, beside scoring: outputs and interlocks, heartbeats, silent sensors,
 * remote configuration, and where it keeps state across restarts.
 *
 * @param actuate outputs and interlocks
 * @param heartbeatInterval how often a heartbeat goes up on the telemetry channel (zero: never)
 * @param sensorSilentAfter a sensor that sent windows and then none for this long is reported silent
 * @param stateDir where the agent keeps executed command ids and the remote configuration (empty: in memory only)
 * @param remoteConfig whether the agent takes remote configurations from its {@code config} topic
 * @param authority decides whether a command from the cloud may be carried out (default: every one)
 */
public record DeviceOptions(ActuateOptions actuate, Duration heartbeatInterval, Duration sensorSilentAfter,
                            Optional<Path> stateDir, boolean remoteConfig, CommandAuthority authority) {
    public DeviceOptions {
        if (actuate == null || stateDir == null || authority == null) {
            throw new IllegalArgumentException("actuate, stateDir and authority must not be null");
        }
        if (heartbeatInterval == null || heartbeatInterval.isNegative()
                || (!heartbeatInterval.isZero() && heartbeatInterval.compareTo(Duration.ofMillis(100)) < 0)) {
            throw new IllegalArgumentException("heartbeatInterval must be 0 or >= 100 ms, was " + heartbeatInterval);
        }
        if (sensorSilentAfter == null || sensorSilentAfter.isNegative() || sensorSilentAfter.isZero()) {
            throw new IllegalArgumentException("sensorSilentAfter must be > 0, was " + sensorSilentAfter);
        }
    }

    /** Commands forwarded as before, default interlocks, a heartbeat a minute, silent after 1 min, state in memory. */
    public static DeviceOptions defaults() {
        return new DeviceOptions(ActuateOptions.defaults(), Duration.ofMinutes(1), Duration.ofMinutes(1), Optional.empty(),
                true, CommandAuthority.ACCEPT_ALL);
    }

    public DeviceOptions withActuate(ActuateOptions a) {
        return new DeviceOptions(a, heartbeatInterval, sensorSilentAfter, stateDir, remoteConfig, authority);
    }

    public DeviceOptions withHeartbeatInterval(Duration d) {
        return new DeviceOptions(actuate, d, sensorSilentAfter, stateDir, remoteConfig, authority);
    }

    public DeviceOptions withSensorSilentAfter(Duration d) {
        return new DeviceOptions(actuate, heartbeatInterval, d, stateDir, remoteConfig, authority);
    }

    public DeviceOptions withStateDir(Path dir) {
        return new DeviceOptions(actuate, heartbeatInterval, sensorSilentAfter, Optional.of(dir), remoteConfig, authority);
    }

    public DeviceOptions withAuthority(CommandAuthority a) {
        return new DeviceOptions(actuate, heartbeatInterval, sensorSilentAfter, stateDir, remoteConfig, a);
    }
}
