package dev.cascade.edge.actuate;

import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the agent drives its devices' outputs and the interlocks it holds whatever the cloud says.
 *
 * @param outputs the devices with an output of their own; others get {@code defaultType}
 * @param defaultType the output of a device not listed ({@link OutputType#FORWARD}: as before, the simulated device
 *     on the local broker); never GPIO
 * @param maxValveOpen the longest a valve stays open in one go; the agent closes it itself
 * @param minStartStopInterval the shortest time between a machine's stop and its next start
 * @param failSafeAfter outputs go to their fail-safe state once the cloud link has been down this long (zero: never)
 * @param rememberCommands command ids remembered to refuse repeats (across restarts when the agent has a state folder)
 */
public record ActuateOptions(List<OutputSpec> outputs, OutputType defaultType, Duration maxValveOpen,
                             Duration minStartStopInterval, Duration failSafeAfter, int rememberCommands) {
    public ActuateOptions {
        if (outputs == null) {
            throw new IllegalArgumentException("outputs must not be null");
        }
        outputs = List.copyOf(outputs);
        Set<DeviceId> seen = new HashSet<>();
        for (OutputSpec o : outputs) {
            if (!seen.add(o.device())) {
                throw new IllegalArgumentException("outputs must name each device once, was " + o.device() + " twice");
            }
        }
        if (defaultType == null || defaultType == OutputType.GPIO) {
            throw new IllegalArgumentException("defaultType must be forward or log, was " + defaultType);
        }
        if (maxValveOpen == null || maxValveOpen.isNegative() || maxValveOpen.isZero()) {
            throw new IllegalArgumentException("maxValveOpen must be > 0, was " + maxValveOpen);
        }
        if (minStartStopInterval == null || minStartStopInterval.isNegative()) {
            throw new IllegalArgumentException("minStartStopInterval must be >= 0, was " + minStartStopInterval);
        }
        if (failSafeAfter == null || failSafeAfter.isNegative()) {
            throw new IllegalArgumentException("failSafeAfter must be >= 0, was " + failSafeAfter);
        }
        if (rememberCommands < 16 || rememberCommands > 1_000_000) {
            throw new IllegalArgumentException("rememberCommands must be in [16, 1000000], was " + rememberCommands);
        }
    }

    /** Forward every command (as before), valves open at most 1 h, 30 s between stop and start, fail-safe after 10 min. */
    public static ActuateOptions defaults() {
        return new ActuateOptions(List.of(), OutputType.FORWARD, Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofMinutes(10), 4096);
    }

    public ActuateOptions withOutputs(List<OutputSpec> o) {
        return new ActuateOptions(o, defaultType, maxValveOpen, minStartStopInterval, failSafeAfter, rememberCommands);
    }
}
