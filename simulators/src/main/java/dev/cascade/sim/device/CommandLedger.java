package dev.cascade.sim.device;

import dev.cascade.protocol.command.CommandId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command ids a device has executed, remembered up to a capacity (oldest forgotten first), so a
 * redelivered command is acknowledged as a duplicate instead of being carried out again. Not thread-safe.
 */
public final class CommandLedger {
    /** How many executed command ids a device remembers by default. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final Map<CommandId, Instant> executed;

    public CommandLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.executed = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CommandId, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    /** When {@code id} was executed, if it was (and is still remembered). */
    public Optional<Instant> executedAt(CommandId id) {
        return Optional.ofNullable(executed.get(id));
    }

    public void recordExecuted(CommandId id, Instant at) {
        executed.putIfAbsent(id, at);
    }

    public int size() {
        return executed.size();
    }
}
