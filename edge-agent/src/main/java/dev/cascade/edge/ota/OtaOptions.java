package dev.cascade.edge.ota;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an edge agent takes over-the-air model updates.
 *
 * @param dir the agent's own folder for updates: the staged download, the installed versions, the {@code current}
 *     pointer per model (must survive restarts; one per agent)
 * @param chunkSize bytes asked for per chunk request
 * @param requestTimeout a request without an answer for this long is asked again from the staged offset (this is
 *     also how a transfer resumes after the link was lost)
 * @param watchWindow how long a new version is watched before it is kept
 * @param minWatchedWindows the escalation rate is judged only once the new version scored this many windows
 * @param maxEscalationRate the new version is rolled back when more than this share of its windows is escalated
 *     (audit samples not counted)
 * @param maxErrorRate the new version is rolled back when more than this share of its windows fails (non-finite
 *     output, internal error) or a worker cannot open it
 */
public record OtaOptions(Path dir, int chunkSize, Duration requestTimeout, Duration watchWindow, int minWatchedWindows,
                         double maxEscalationRate, double maxErrorRate) {
    /** The default chunk size, 64 KiB. */
    public static final int DEFAULT_CHUNK = 64 * 1024;

    public OtaOptions {
        List<String> errors = new ArrayList<>();
        if (dir == null) {
            errors.add("dir must not be null");
        }
        if (chunkSize < 1024 || chunkSize > dev.cascade.protocol.ota.ChunkRequest.MAX_LENGTH) {
            errors.add("chunkSize must be in [1024, " + dev.cascade.protocol.ota.ChunkRequest.MAX_LENGTH + "], was " + chunkSize);
        }
        if (requestTimeout == null || requestTimeout.compareTo(Duration.ofMillis(100)) < 0) {
            errors.add("requestTimeout must be >= 100 ms, was " + requestTimeout);
        }
        if (watchWindow == null || watchWindow.isNegative()) {
            errors.add("watchWindow must be >= 0, was " + watchWindow);
        }
        if (minWatchedWindows < 1) {
            errors.add("minWatchedWindows must be >= 1, was " + minWatchedWindows);
        }
        if (!(maxEscalationRate >= 0 && maxEscalationRate <= 1)) {
            errors.add("maxEscalationRate must be in [0, 1], was " + maxEscalationRate);
        }
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            errors.add("maxErrorRate must be in [0, 1], was " + maxErrorRate);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid OTA options: " + String.join("; ", errors));
        }
    }

    /** 64 KiB chunks, asked again after 10 s, watched 5 min, judged after 100 windows, at most 50 % escalated, 5 % failed. */
    public static OtaOptions defaults(Path dir) {
        return new OtaOptions(dir, DEFAULT_CHUNK, Duration.ofSeconds(10), Duration.ofMinutes(5), 100, 0.5, 0.05);
    }

    public OtaOptions withChunkSize(int bytes) {
        return new OtaOptions(dir, bytes, requestTimeout, watchWindow, minWatchedWindows, maxEscalationRate, maxErrorRate);
    }

    public OtaOptions withRequestTimeout(Duration d) {
        return new OtaOptions(dir, chunkSize, d, watchWindow, minWatchedWindows, maxEscalationRate, maxErrorRate);
    }

    public OtaOptions withWatch(Duration window, int minWindows, double maxEscalation, double maxErrors) {
        return new OtaOptions(dir, chunkSize, requestTimeout, window, minWindows, maxEscalation, maxErrors);
    }
}
