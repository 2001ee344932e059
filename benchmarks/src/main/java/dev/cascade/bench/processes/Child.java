package dev.cascade.bench.processes;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of a benchmark: its output appended to a log file, its spawn time on record, killed when this JVM
 * exits. {@link #close()} sends SIGTERM, then SIGKILL after the grace period. Not thread-safe; must be closed.
 */
public final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final long spawnNanos;
    private final Duration grace;
    private final Thread reaper;

    private Child(String name, Process process, Path log, long spawnNanos, Duration grace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.spawnNanos = spawnNanos;
        this.grace = grace;
        this.reaper = new Thread(process::destroyForcibly, "kill-" + name + "-on-exit");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code command} with {@code env} added to this process's environment, output to {@code log}. */
    public static Child start(String name, List<String> command, Map<String, String> env, Path log, Duration grace) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            return new Child(name, pb.start(), log, t0, grace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} just before the process was spawned. */
    public long spawnNanos() {
        return spawnNanos;
    }

    public Path log() {
        return log;
    }

    /** CPU and memory now. */
    public ProcSample sample() {
        return ProcSample.read(pid());
    }

    /** The exit status, or fails when the process still runs. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines of the log (for error messages). */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within the grace period; waits until it is gone. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
