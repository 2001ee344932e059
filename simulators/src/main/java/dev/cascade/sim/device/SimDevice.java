package dev.cascade.sim.device;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.checks.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A simulated device: it produces sensor windows and answers commands the way a real actuator must
 * (idempotent by command id, refusing expired commands, types it does not support and unsafe ones).
 * Pure: it knows nothing of MQTT. Not thread-safe: drive one device from one thread.
 */
public abstract class SimDevice {
    private final DeviceId id;
    private final SensorKind kind;
    private final CommandLedger ledger = new CommandLedger(CommandLedger.DEFAULT_CAPACITY);
    private long sequence;
    private long dropped;

    protected SimDevice(DeviceId id, SensorKind kind) {
        this.id = Checks.notNull(id, "id");
        this.kind = Checks.notNull(kind, "kind");
    }

    public final DeviceId id() {
        return id;
    }

    public final SensorKind kind() {
        return kind;
    }

    /**
     * The next window, stamped {@code sentAt} (the device's clock at sending) with the next sequence
     * number; empty if the sensor dropped out (no sequence number is used then).
     */
    public final Optional<SensorWindow> nextWindow(Instant sentAt) {
        Checks.notNull(sentAt, "sentAt");
        Optional<SensorWindow> w = produce(sentAt, sequence);
        if (w.isPresent()) {
            sequence++;
        } else {
            dropped++;
        }
        return w;
    }

    /**
     * Lets one window's worth of time pass without sending (a radio outage or a scheduled dropout):
     * the physics keeps running, no sequence number is used.
     */
    public void skipWindow(Instant now) {
    }

    /** Produces the window with {@code sequence}, or empty for a dropout. */
    protected abstract Optional<SensorWindow> produce(Instant sentAt, long sequence);

    /** Carries out a command this device supports; called only for fresh, unexpired commands. */
    protected abstract Outcome execute(Command command, Instant now);

    /**
     * Answers {@code command} at {@code now} (the device's clock): DUPLICATE if its id was executed
     * before, EXPIRED after its {@code expiresAt}, otherwise what {@link #execute} decides.
     *
     * @throws IllegalArgumentException if the command is addressed to another device
     */
    public final CommandAck handle(Command command, Instant now) {
        Checks.notNull(command, "command");
        Checks.notNull(now, "now");
        Checks.check(command.header().deviceId().equals(id), "command.header.deviceId", id.value(),
                command.header().deviceId());
        Optional<Instant> before = ledger.executedAt(command.commandId());
        if (before.isPresent()) {
            return CommandAck.of(command, AckStatus.DUPLICATE, "already executed at " + before.get(), now);
        }
        if (command.header().expiredAt(now)) {
            return CommandAck.of(command, AckStatus.EXPIRED,
                    "expired at " + command.header().expiresAt() + ", device time " + now, now);
        }
        Outcome outcome = execute(command, now);
        if (outcome.status() == AckStatus.EXECUTED) {
            ledger.recordExecuted(command.commandId(), now);
        }
        return CommandAck.refused(command, outcome.status(), outcome.rule(), outcome.detail(), now);
    }

    /** Windows produced so far (the next sequence number). */
    public final long sequence() {
        return sequence;
    }

    /** Windows lost to sensor dropouts. */
    public final long dropped() {
        return dropped;
    }
}
