package dev.cascade.actuators.valve;

import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge's one record of which valves are open: per device, the last {@link OpenValve} it delivered and saw
 * executed, until a close of that valve is executed or the open's planned duration ends. Both of the bridge's own
 * closes read it: the planned-duration close ({@link #due}) and the early close when the forecast says the zone has
 * had enough ({@link #claimEarlyClose}), each at most once per open. Held in memory: after a restart of the bridge a
 * valve opened before it is closed by the device's own timer. Thread-safe.
 */
public final class OpenValves {
    private final Map<DeviceId, Open> open = new HashMap<>();

    /**
     * One open valve.
     *
     * @param command the executed open
     * @param closeDue when its planned duration ends (the bridge's backstop close)
     * @param earlyClose the early close issued for it, if any (one per open)
     */
    public record Open(OpenValve command, Instant closeDue, Optional<CommandId> earlyClose) {
        public Open {
            if (command == null || closeDue == null || earlyClose == null) {
                throw new IllegalArgumentException("command, closeDue and earlyClose must not be null");
            }
        }

        public DeviceId device() {
            return command.header().deviceId();
        }
    }

    /** {@code command} was executed: its valve is open until {@code closeDue} (a later open replaces an earlier one). */
    public synchronized void opened(OpenValve command, Instant closeDue) {
        open.put(command.header().deviceId(), new Open(command, closeDue, Optional.empty()));
    }

    /** A close of {@code device}'s valve was executed: nothing more to close. */
    public synchronized void closed(DeviceId device) {
        open.remove(device);
    }

    /** Whether the bridge knows {@code device}'s valve to be open. */
    public synchronized boolean isOpen(DeviceId device) {
        return open.containsKey(device);
    }

    /** The open valve of {@code device}, if any. */
    public synchronized Optional<Open> of(DeviceId device) {
        return Optional.ofNullable(open.get(device));
    }

    /**
     * Claims the early close of {@code device}'s open valve for {@code closeId}: the open, when the valve is open, the
     * open came before {@code windowSentAt} (the deciding window's send time, on the device's clock like the open's
     * cause) and no early close was claimed for it yet; empty otherwise.
     */
    public synchronized Optional<Open> claimEarlyClose(DeviceId device, Instant windowSentAt, CommandId closeId) {
        Open o = open.get(device);
        if (o == null || o.earlyClose().isPresent() || !windowSentAt.isAfter(o.command().header().windowSentAt())) {
            return Optional.empty();
        }
        open.put(device, new Open(o.command(), o.closeDue(), Optional.of(closeId)));
        return Optional.of(o);
    }

    /** Removes and returns the opens whose planned duration has ended by {@code now}. */
    public synchronized List<Open> due(Instant now) {
        List<Open> out = new ArrayList<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (!o.closeDue().isAfter(now)) {
                out.add(o);
                it.remove();
            }
        }
        out.sort((a, b) -> a.closeDue().compareTo(b.closeDue()));
        return out;
    }

    public synchronized int size() {
        return open.size();
    }
}
