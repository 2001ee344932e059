package dev.cascade.edge.actuate;

import dev.cascade.protocol.window.DeviceId;

/**
 * One device's output, from the configuration.
 *
 * @param device the device the commands address
 * @param kind what it drives
 * @param type how it is driven
 * @param pin the BCM GPIO pin (GPIO only; -1 otherwise)
 * @param activeHigh whether a high level energises the relay (GPIO only)
 * @param failSafe what it does when the cloud link has been lost too long
 */
public record OutputSpec(DeviceId device, OutputKind kind, OutputType type, int pin, boolean activeHigh, FailSafe failSafe) {
    public OutputSpec {
        if (device == null || kind == null || type == null || failSafe == null) {
            throw new IllegalArgumentException("device, kind, type and failSafe must not be null");
        }
        if (type == OutputType.GPIO && (pin < 0 || pin > 63)) {
            throw new IllegalArgumentException("pin must be in [0, 63] for a gpio output, was " + pin);
        }
    }

    /** A log-only output with its kind's fail-safe. */
    public static OutputSpec log(DeviceId device, OutputKind kind) {
        return new OutputSpec(device, kind, OutputType.LOG, -1, true, FailSafe.defaultFor(kind));
    }

    /** An active-high GPIO output with its kind's fail-safe. */
    public static OutputSpec gpio(DeviceId device, OutputKind kind, int pin) {
        return new OutputSpec(device, kind, OutputType.GPIO, pin, true, FailSafe.defaultFor(kind));
    }
}
