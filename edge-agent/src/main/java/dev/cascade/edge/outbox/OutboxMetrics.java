package dev.cascade.edge.outbox;

import dev.cascade.ops.RoleMetrics;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;
import java.util.function.Supplier;

/** Exposes an outbox's counts as {@code cascade_edge_outbox_*} meters, read on each scrape. */
public final class OutboxMetrics {
    private OutboxMetrics() {}

    /** Registers the meters of the outbox whose stats {@code stats} reads. */
    public static void bind(RoleMetrics m, Supplier<OutboxStats> stats) {
        EnumSet<ItemClass> all = EnumSet.allOf(ItemClass.class);
        m.countersByKey("outbox_appended", "items accepted into the outbox, by class", "class", all,
                ItemClass::displayName, () -> stats.get().appended());
        m.countersByKey("outbox_dropped", "items dropped to make room (oldest telemetry and audit first), by class", "class",
                all, ItemClass::displayName, () -> stats.get().dropped());
        m.countersByKey("outbox_refused", "items refused because the outbox was full, by class", "class", all,
                ItemClass::displayName, () -> stats.get().refused());
        m.countersByKey("outbox_write_failed", "items not held because writing failed (disk full, I/O error), by class",
                "class", all, ItemClass::displayName, () -> stats.get().writeFailed());
        m.counter("outbox_torn_tails", "torn last records cut off at start (crash or power loss mid-write)", stats,
                s -> s.get().tornTails(), Tags.empty());
        m.counter("outbox_corrupt_regions", "damaged stretches of the outbox skipped at start", stats,
                s -> s.get().corruptRegions(), Tags.empty());
        m.gauge("outbox_backlog", "bytes", "bytes held in the outbox, not yet acknowledged by the broker", stats,
                s -> s.get().backlogBytes(), Tags.empty());
    }
}
