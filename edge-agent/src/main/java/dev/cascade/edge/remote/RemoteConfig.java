package dev.cascade.edge.remote;

import dev.cascade.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote configuration in force: validated by {@link RemoteConfigReader}, applied at once through a listener
 * (no restart), kept in a local file so a restart starts with it, and reported (version, last refusal) for the
 * heartbeat. A refused message changes nothing. Thread-safe.
 *
 * <p>It arrives as a retained MQTT message on the gateway's own {@code config} topic: retained, so a gateway that was
 * offline when it changed gets the latest on reconnecting, and it is state (the latest wins) rather than a one-off
 * command with a time-to-live.
 */
public final class RemoteConfig {
    private static final Logger log = LoggerFactory.getLogger(RemoteConfig.class);
    private static final int MAX_BYTES = 64 * 1024;

    private final RemoteConfigReader reader;
    private final Optional<Path> file;
    private final Consumer<RemoteSettings> onApplied;
    private final LongAdder applied = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile RemoteSettings current;
    private volatile String lastRefusal = "";

    /**
     * Starts from {@code base}, or from the configuration kept in {@code file} when there is a valid one (then
     * {@code onApplied} hears of it before this returns).
     */
    public RemoteConfig(RemoteSettings base, Optional<Path> file, Consumer<RemoteSettings> onApplied) {
        this.reader = new RemoteConfigReader(base);
        this.file = file;
        this.onApplied = onApplied;
        this.current = base;
        if (file.isPresent() && Files.exists(file.get())) {
            try {
                RemoteSettings kept = reader.read(Files.readString(file.get(), StandardCharsets.UTF_8));
                current = kept;
                onApplied.accept(kept);
                log.info("remote configuration {} from {} in force", kept.version(), file.get());
            } catch (IOException | ConfigException e) {
                log.warn("remote configuration kept in {} is not usable; starting from the file's own: {}", file.get(),
                        e instanceof ConfigException c ? String.join("; ", c.violations()) : e.toString());
            }
        }
    }

    /** Validates, applies and keeps {@code payload}; empty when applied, else why it was refused (naming the keys). */
    public synchronized Optional<String> offer(byte[] payload) {
        String refusal;
        if (payload.length == 0) {
            // An empty retained message clears the topic on the broker; the agent keeps what it has.
            return Optional.empty();
        }
        if (payload.length > MAX_BYTES) {
            refusal = "configuration must be at most " + MAX_BYTES + " bytes, was " + payload.length;
        } else {
            try {
                RemoteSettings s = reader.read(new String(payload, StandardCharsets.UTF_8));
                if (s.equals(current)) {
                    return Optional.empty();
                }
                keep(payload);
                current = s;
                applied.increment();
                lastRefusal = "";
                onApplied.accept(s);
                log.info("remote configuration {} applied: {}", s.version(), s);
                return Optional.empty();
            } catch (ConfigException e) {
                refusal = String.join("; ", e.violations());
            } catch (IOException e) {
                refusal = "configuration could not be kept in " + file.orElseThrow() + ": " + e;
            }
        }
        refused.increment();
        lastRefusal = refusal.length() > 500 ? refusal.substring(0, 497) + "..." : refusal;
        log.warn("remote configuration refused: {}", refusal);
        return Optional.of(lastRefusal);
    }

    private void keep(byte[] payload) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        Path dir = f.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.write(tmp, payload);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public RemoteSettings current() {
        return current;
    }

    /** Why the last remote configuration was refused ("" when the last one was applied, or none came). */
    public String lastRefusal() {
        return lastRefusal;
    }

    public long applied() {
        return applied.sum();
    }

    public long refused() {
        return refused.sum();
    }
}
