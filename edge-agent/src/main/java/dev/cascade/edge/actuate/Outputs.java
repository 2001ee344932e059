package dev.cascade.edge.actuate;

import com.pi4j.context.Context;
import dev.cascade.protocol.window.DeviceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every device's output: the configured ones, and one default for the rest. Owns the actuators (and the Pi4J
 * context when it made one); must be closed.
 */
public final class Outputs implements AutoCloseable {
    private final Map<DeviceId, OutputSpec> specs = new HashMap<>();
    private final Map<DeviceId, Actuator> actuators = new HashMap<>();
    private final Actuator fallback;
    private final Runnable onClose;

    /**
     * @param forward the output of devices on the local broker
     * @param pi4j makes the Pi4J context, called only when a GPIO output is configured (closed with this)
     */
    public static Outputs create(ActuateOptions options, Actuator forward, Supplier<Context> pi4j) {
        Context[] ctx = new Context[1];
        try {
            return new Outputs(options, s -> switch (s.type()) {
                case FORWARD -> forward;
                case LOG -> new LogActuator();
                case GPIO -> {
                    if (ctx[0] == null) {
                        ctx[0] = pi4j.get();
                    }
                    yield new GpioActuator(ctx[0], s.device(), s.pin(), s.activeHigh());
                }
            }, options.defaultType() == OutputType.LOG ? new LogActuator() : forward, () -> {
                if (ctx[0] != null) {
                    ctx[0].shutdown();
                }
            });
        } catch (RuntimeException e) {
            if (ctx[0] != null) {
                ctx[0].shutdown();
            }
            throw e;
        }
    }

    /**
     * @param make the actuator of each configured output
     * @param fallback the output of devices not configured
     * @param onClose runs after the actuators are closed (e.g. shuts the Pi4J context down)
     */
    public Outputs(ActuateOptions options, Function<OutputSpec, Actuator> make, Actuator fallback, Runnable onClose) {
        try {
            for (OutputSpec s : options.outputs()) {
                specs.put(s.device(), s);
                actuators.put(s.device(), make.apply(s));
            }
        } catch (RuntimeException e) {
            actuators.values().forEach(Actuator::close);
            throw e;
        }
        this.fallback = fallback;
        this.onClose = onClose;
    }

    /** The output of {@code device}. */
    public Actuator of(DeviceId device) {
        return actuators.getOrDefault(device, fallback);
    }

    /** The configured output of {@code device}, if it has one. */
    public Optional<OutputSpec> spec(DeviceId device) {
        return Optional.ofNullable(specs.get(device));
    }

    /** The devices with an output of their own that the agent drives (not forwarded to the local broker). */
    public List<DeviceId> driven() {
        return specs.values().stream().filter(s -> s.type() != OutputType.FORWARD).map(OutputSpec::device).sorted().toList();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Actuator a : actuators.values()) {
            try {
                a.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        onClose.run();
        if (first != null) {
            throw first;
        }
    }
}
