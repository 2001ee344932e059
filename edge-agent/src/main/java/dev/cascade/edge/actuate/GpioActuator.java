package dev.cascade.edge.actuate;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.window.DeviceId;

/**
 * One device's relay on a GPIO pin through Pi4J 2 (the gpiod provider on a Pi, the mock provider in tests): the pin is
 * active (a valve open, a machine allowed to run) for {@code open_valve} / {@code resume_machine} and inactive for
 * {@code close_valve} / {@code stop_machine}; at start and at close it is inactive. The valve's timed close is the
 * executor's. Not thread-safe (one executor drives it); must be closed.
 */
public final class GpioActuator implements Actuator {
    private final Context pi4j;
    private final DigitalOutput pin;
    private final DigitalState active;
    private final DigitalState inactive;

    /**
     * @param pi4j the Pi4J context (owned by the caller)
     * @param pin the BCM pin number
     * @param activeHigh whether the relay is energised by a high level
     */
    public GpioActuator(Context pi4j, DeviceId device, int pin, boolean activeHigh) {
        if (pin < 0 || pin > 63) {
            throw new IllegalArgumentException("pin must be in [0, 63], was " + pin);
        }
        this.pi4j = pi4j;
        this.active = activeHigh ? DigitalState.HIGH : DigitalState.LOW;
        this.inactive = activeHigh ? DigitalState.LOW : DigitalState.HIGH;
        this.pin = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("cascade-" + device.value().replace('.', '-'))
                .name(device.value()).address(pin).initial(inactive).shutdown(inactive));
    }

    @Override
    public void execute(Command command) throws ActuatorException {
        DigitalState want = command instanceof OpenValve || command instanceof ResumeMachine ? active : inactive;
        try {
            pin.state(want);
        } catch (RuntimeException e) {
            throw new ActuatorException("gpio pin " + pin.address() + " could not be set " + want + ": " + e, e);
        }
    }

    /** The pin's level now. */
    public DigitalState state() {
        return pin.state();
    }

    @Override
    public void close() {
        try {
            pin.state(inactive);
        } finally {
            pi4j.shutdown(pin.id());
        }
    }
}
