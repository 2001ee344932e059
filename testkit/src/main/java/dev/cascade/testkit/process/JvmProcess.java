package dev.cascade.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java main class of the test class path run as its own JVM, for tests that kill a role with {@code kill -9}
 * mid-stream and start it again. Its output goes to a log file; it is killed when the test JVM exits. Not
 * thread-safe.
 */
public final class JvmProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path dir;
    private final Path log;
    private ChildProcess process;

    private JvmProcess(String name, List<String> command, Path dir) {
        this.name = name;
        this.command = command;
        this.dir = dir;
        this.log = dir.resolve(name + ".log");
    }

    /**
     * Starts {@code mainClass} with {@code args} in {@code dir} (its log: {@code dir/<name>.log}) on this JVM's
     * class path, with a small heap and the serial collector.
     */
    public static JvmProcess start(String name, Path dir, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", KafkaProcess.testClassPath(), mainClass));
        cmd.addAll(args);
        JvmProcess p = new JvmProcess(name, List.copyOf(cmd), dir.toAbsolutePath());
        p.start();
        return p;
    }

    /** {@code classPath} with each entry made absolute: a child JVM may run in another folder. */
    public static String absoluteClassPath(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** (Re)starts the process with the same command; does nothing while it runs. */
    public void start() {
        if (process != null && process.alive()) {
            return;
        }
        if (process != null) {
            process.release();
        }
        process = ChildProcess.start(name, command, dir, log);
    }

    /** Waits until a line of the log contains {@code text}; fails with the log's tail if the process ends first. */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (logText().contains(text)) {
                return;
            }
            if (!process.alive()) {
                throw new IllegalStateException(name + " ended before logging \"" + text + "\"; log " + log + ":\n"
                        + process.tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not log \"" + text + "\" within " + timeout + "; log " + log
                        + ":\n" + process.tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** SIGKILL: the JVM dies at once, as in a crash or a power cut; returns once it is gone. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM: a controlled shutdown (SIGKILL after {@code grace}). */
    public void stop(Duration grace) {
        if (process != null) {
            process.stop(grace);
        }
    }

    public boolean alive() {
        return process != null && process.alive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        return process == null ? "" : process.tail();
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
        if (process != null) {
            process.release();
        }
    }
}
