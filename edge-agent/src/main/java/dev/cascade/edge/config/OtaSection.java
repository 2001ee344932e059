package dev.cascade.edge.config;

import dev.cascade.config.ConfigNode;
import dev.cascade.edge.ota.OtaOptions;
import dev.cascade.protocol.ota.ChunkRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code edge.ota.*}: over-the-air model updates (on when {@code dir} is set). */
final class OtaSection {
    private OtaSection() {}

    /** Empty when a setting is invalid; holds empty when no folder is set (the agent takes no updates). */
    static Optional<Optional<OtaOptions>> read(ConfigNode n) {
        OtaOptions d = OtaOptions.defaults(Path.of("."));
        ConfigNode o = n.object("ota", "over-the-air model updates from the cloud (announced on the gateway's"
                + " ota-announce topic, fetched in chunks, verified, self-tested, watched, rolled back on failure)");
        Optional<Path> dir = o.optionalPath("dir", "the agent's own folder for updates (staged download, installed"
                + " versions, the current pointer); unset: the agent takes no updates. Needs edge.trusted-keys");
        long chunk = o.size("chunk-size", d.chunkSize(), 1024, ChunkRequest.MAX_LENGTH, "bytes asked for per chunk request");
        Duration timeout = o.duration("request-timeout", d.requestTimeout(), Duration.ofMillis(100), Duration.ofMinutes(10),
                "a chunk request unanswered this long is asked again from the staged offset (also how a transfer"
                        + " resumes after the link was lost)");
        Duration watch = o.duration("watch-window", d.watchWindow(), Duration.ZERO, Duration.ofDays(1),
                "how long a new version is watched before it is kept");
        int minWindows = (int) o.integer("min-watched-windows", d.minWatchedWindows(), 1, 1_000_000,
                "the escalation rate of a new version is judged once it scored this many windows");
        double maxEscalation = o.number("max-escalation-rate", d.maxEscalationRate(), 0, 1,
                "a new version is rolled back when more than this share of its windows is escalated (audit samples"
                        + " not counted)");
        double maxErrors = o.number("max-error-rate", d.maxErrorRate(), 0, 1,
                "a new version is rolled back when more than this share of its windows fails");
        o.finish();
        if (dir.isEmpty()) {
            return o.build(Optional::<OtaOptions>empty);
        }
        return o.build(() -> Optional.of(new OtaOptions(dir.get(), (int) chunk, timeout, watch, minWindows, maxEscalation,
                maxErrors)));
    }
}
