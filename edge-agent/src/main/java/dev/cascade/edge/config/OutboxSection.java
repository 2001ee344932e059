package dev.cascade.edge.config;

import dev.cascade.config.ConfigNode;
import dev.cascade.edge.outbox.FsyncPolicy;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.uplink.BatchPolicy;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.protocol.window.SensorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code edge.outbox.*} (the durable store-and-forward queue) and the per-kind batching under {@code edge.uplink}. */
final class OutboxSection {
    private OutboxSection() {}

    /** {@code edge.outbox}: empty when no folder is set (a throw-away outbox), or when a setting is invalid. */
    static Optional<Optional<OutboxOptions>> read(ConfigNode n) {
        ConfigNode o = n.object("outbox", "the durable queue of what must go up (escalations, telemetry, audit samples)");
        Optional<Path> dir = o.optionalPath("dir", "its folder (one per agent); unset: a temporary folder, so what is"
                + " held survives an uplink outage but not a restart");
        long capacity = o.size("capacity", 64L << 20, OutboxOptions.MIN_SEGMENT_BYTES, 1L << 40,
                "the most bytes of unsent items held; when full, oldest telemetry and audit samples go first");
        long reserve = o.size("fault-reserve", 4L << 20, 0, 1L << 40,
                "of the capacity, the part only fault escalations (the edge acted, or action is needed) may use");
        long segment = o.size("segment-size", 4L << 20, OutboxOptions.MIN_SEGMENT_BYTES, 1L << 30,
                "size at which a segment file is closed (deleted once all of it is acknowledged)");
        FsyncPolicy.Mode mode = o.choice("fsync", FsyncPolicy.Mode.class, FsyncPolicy.Mode.INTERVAL,
                "when writes are forced to the device: always (each record), interval, never (left to the OS)");
        Duration every = o.duration("fsync-interval", Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMinutes(1),
                "how often writes are forced in interval mode (what a power loss may lose)");
        o.finish();
        Optional<FsyncPolicy> fsync = o.build(() -> new FsyncPolicy(mode, every));
        if (fsync.isEmpty()) {
            return Optional.empty();
        }
        if (dir.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return o.build(() -> Optional.of(new OutboxOptions(dir.get(), capacity, reserve, (int) segment, fsync.get())));
    }

    /** Adds {@code edge.uplink.deflate} and {@code edge.uplink.<kind>.*} to the uplink settings already read. */
    static UplinkOptions batching(ConfigNode u, UplinkOptions base) {
        boolean deflate = u.bool("deflate", false, "batches travel deflated (JDK Deflate, level 1) on"
                + " escalation-batches-deflate; ingest inflates them");
        UplinkOptions out = base == null ? null : base.withDeflate(deflate);
        for (SensorKind k : SensorKind.values()) {
            String name = k.name().toLowerCase(Locale.ROOT);
            Optional<ConfigNode> kn = u.optionalObject(name, "batching of " + name + " escalations (overrides batch-size"
                    + " and max-batch-delay)");
            if (kn.isEmpty()) {
                continue;
            }
            ConfigNode c = kn.get();
            int count = (int) c.integer("batch-size", 64, 1, dev.cascade.protocol.escalation.EscalationBatch.MAX_SIZE,
                    "escalations per message");
            long bytes = c.size("max-batch-bytes", 256 << 10, 1024, dev.cascade.protocol.codec.Codecs.MAX_BATCH_BYTES / 2,
                    "encoded escalation bytes per batch (before compression)");
            Duration age = c.duration("max-batch-age", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10),
                    "the longest an escalation waits for its batch to fill");
            c.finish();
            Optional<BatchPolicy> p = c.build(() -> new BatchPolicy(count, (int) bytes, age));
            if (p.isPresent() && out != null) {
                out = out.withKind(k, p.get());
            }
        }
        return out;
    }
}
