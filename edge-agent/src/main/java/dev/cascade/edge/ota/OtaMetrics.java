package dev.cascade.edge.ota;

import dev.cascade.ops.RoleMetrics;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.Supplier;

/** Exposes an update client's outcomes as {@code cascade_edge_ota_*} meters, read on each scrape. */
public final class OtaMetrics {
    /** Every reason an update can be refused for before it runs. */
    static final List<String> REFUSALS = List.of(Reasons.SHA256_MISMATCH, Reasons.BAD_ARCHIVE, Reasons.INVALID_BUNDLE,
            Reasons.SIGNATURE, Reasons.WRONG_MODEL, Reasons.NO_SELF_TEST, Reasons.LOAD_FAILED, Reasons.SELF_TEST,
            Reasons.UNKNOWN_MODEL, Reasons.NO_TRUSTED_KEYS, Reasons.STORAGE);
    /** Every reason a watched version can be rolled back for. */
    static final List<String> ROLLBACKS = List.of(Reasons.WATCH_ESCALATION_RATE, Reasons.WATCH_ERRORS);

    private OtaMetrics() {}

    /** Registers the meters of the update client whose stats {@code stats} reads. */
    public static void bind(RoleMetrics m, Supplier<OtaStats> stats) {
        m.counter("ota_announcements", "update announcements decoded", stats, s -> s.get().announcements(), Tags.empty());
        m.counter("ota_undecodable", "update announcements and chunks refused undecoded", stats,
                s -> s.get().undecodable(), Tags.empty());
        m.counter("ota_chunks_fetched", "update chunks staged", stats, s -> s.get().chunksReceived(), Tags.empty());
        m.counter("ota_chunks_ignored", "update chunks that did not fit the transfer in progress (late or repeated)",
                stats, s -> s.get().chunksIgnored(), Tags.empty());
        m.counter("ota_bytes_staged", "update archive bytes written to the staging folder", stats,
                s -> s.get().bytesStaged(), Tags.empty());
        m.counter("ota_transfers_resumed", "update transfers resumed from bytes staged before a restart", stats,
                s -> s.get().resumed(), Tags.empty());
        m.counter("ota_requests_repeated", "chunk requests asked again after the request timeout (link lost)", stats,
                s -> s.get().requestsRepeated(), Tags.empty());
        m.counter("ota_installed", "model versions verified, self-tested and swapped in", stats,
                s -> s.get().installed(), Tags.empty());
        m.counter("ota_confirmed", "installed model versions kept after their watch window", stats,
                s -> s.get().confirmed(), Tags.empty());
        m.countersByKey("ota_refused", "updates refused before they ran, by reason", "reason", REFUSALS, r -> r,
                () -> stats.get().refusedByReason());
        m.countersByKey("ota_rolled_back", "installed versions rolled back while watched, by reason", "reason", ROLLBACKS,
                r -> r, () -> stats.get().rolledBackByReason());
    }
}
