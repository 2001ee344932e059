package dev.cascade.sim.device;

import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.checks.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An accelerometer on a {@link Machine} with the machine's stop relay: one-channel VIBRATION windows;
 * carries out {@code stop_machine} and {@code resume_machine}. Between windows the machine keeps
 * running unobserved, its time scaled by {@code timeAcceleration} (so faults grow faster in a demo).
 * Not thread-safe.
 */
public final class VibrationDevice extends SimDevice {
    private final Machine machine;
    private final double timeAcceleration;
    private final float[] buffer;
    private final long windowNanos;
    private Instant last;

    public VibrationDevice(DeviceId id, Machine machine, double timeAcceleration) {
        super(id, SensorKind.VIBRATION);
        this.machine = Checks.notNull(machine, "machine");
        this.timeAcceleration = Checks.positive(timeAcceleration, "timeAcceleration");
        this.buffer = new float[machine.windowSize()];
        this.windowNanos = Math.round(machine.windowSize() / machine.sampleRateHz() * 1e9);
    }

    public Machine machine() {
        return machine;
    }

    @Override
    protected Optional<SensorWindow> produce(Instant sentAt, long sequence) {
        catchUp(sentAt);
        machine.fill(buffer);
        return Optional.of(new SensorWindow(id(), SensorKind.VIBRATION, machine.sampleRateHz(),
                sentAt.minusNanos(windowNanos), sequence, CorrelationId.random(), sentAt, Samples.of(buffer)));
    }

    @Override
    public void skipWindow(Instant now) {
        catchUp(now);
        machine.advance(Duration.ofNanos(Math.round(windowNanos * timeAcceleration)));
    }

    /** Runs the machine unobserved from the previous window's end to the start of the next. */
    private void catchUp(Instant now) {
        if (last != null) {
            long gap = Duration.between(last, now).toNanos() - windowNanos;
            if (gap > 0) {
                machine.advance(Duration.ofNanos(Math.round(gap * timeAcceleration)));
            }
        }
        last = now;
    }

    @Override
    protected Outcome execute(Command command, Instant now) {
        if (command instanceof StopMachine) {
            if (!machine.running()) {
                return Outcome.executed("already stopped");
            }
            machine.stop();
            return Outcome.executed("stopped: " + ((StopMachine) command).reason());
        }
        if (command instanceof ResumeMachine r) {
            if (!r.byOperator()) {
                return Outcome.rejected("resume_requires_operator", "a stop can only be lifted by an operator: origin must be"
                        + " operator with the operator named, was " + r.header().origin().displayName()
                        + (r.operator().isEmpty() ? " (no operator)" : " (" + r.operator() + ")"));
            }
            if (machine.running()) {
                return Outcome.executed("already running");
            }
            machine.resume();
            return Outcome.executed("resumed: " + ((ResumeMachine) command).reason());
        }
        return Outcome.unsupported("a machine supports " + StopMachine.TYPE + " and " + ResumeMachine.TYPE
                + ", not " + command.type());
    }
}
