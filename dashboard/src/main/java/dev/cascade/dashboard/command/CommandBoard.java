package dev.cascade.dashboard.command;

import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest commands (at most {@code capacity}) and their fate from the acks topic: {@code sent} until an
 * acknowledgement says {@code executed}, {@code interlocked} (with the rule), {@code expired}, ... Thread-safe.
 */
public final class CommandBoard {
    /** One command as shown. */
    public record CommandRow(String commandId, String type, String deviceId, String origin, long issuedMs, String status,
                             String rule, String detail, long ackedMs, long version) {}

    private final int capacity;
    private final Map<String, CommandRow> byId = new LinkedHashMap<>();
    private long version;

    public CommandBoard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** A command from the commands topic. */
    public synchronized void command(Command c) {
        String id = c.commandId().value();
        CommandRow old = byId.get(id);
        if (old != null) {
            return;
        }
        put(new CommandRow(id, c.type(), c.header().deviceId().value(), c.header().origin().displayName(),
                c.header().issuedAt().toEpochMilli(), "sent", "", "", 0, ++version));
    }

    /** An acknowledgement from the acks topic (it may come before its command when the command scrolled away). */
    public synchronized void ack(CommandAck a) {
        String id = a.commandId().value();
        CommandRow old = byId.remove(id);
        long issued = old == null ? a.ackedAt().toEpochMilli() : old.issuedMs();
        put(new CommandRow(id, a.commandType(), a.deviceId().value(), a.origin().displayName(), issued,
                a.status().displayName(), a.rule(), a.detail(), a.ackedAt().toEpochMilli(), ++version));
    }

    /** Newest first. */
    public synchronized List<CommandRow> rows() {
        List<CommandRow> out = new ArrayList<>(byId.values());
        Collections.reverse(out);
        return out;
    }

    public synchronized long version() {
        return version;
    }

    private void put(CommandRow r) {
        byId.put(r.commandId(), r);
        while (byId.size() > capacity) {
            byId.remove(byId.keySet().iterator().next());
        }
    }
}
