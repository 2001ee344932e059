package dev.cascade.cli.layout;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code cascade <command>} as its own JVM from the packaged tool ({@code cli/target/cascade.jar} and its
 * {@code lib/}), output appended to one log file; can be SIGKILLed, SIGTERMed and started again with the same
 * command line and environment. Not thread-safe; must be closed (it then kills what still runs).
 */
final class CascadeJvm implements AutoCloseable {
    /** Flags that keep five role JVMs and Kafka sane on two cores. */
    static final List<String> SMALL_JVM = List.of("-XX:TieredStopAtLevel=1", "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-Xss1m", "-Djava.awt.headless=true");

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path log;
    private Process process;

    CascadeJvm(String name, Path jar, List<String> args, Map<String, String> env, Path workDir, Path log) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SMALL_JVM);
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add("-Dcascade.home=" + workDir);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    /** Starts the process (again, after {@link #kill()}); does nothing while it runs. */
    CascadeJvm start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM; the exit status, or empty if it did not end within {@code grace}. */
    java.util.OptionalInt terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS) ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /** The last {@code n} lines of the log, for failure messages. */
    String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " (last " + n + " lines)\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
