package dev.cascade.bench.outbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@link EdgeChild} as a child JVM that can be killed with SIGKILL and started again. Must be closed. */
final class EdgeProcess implements AutoCloseable {
    private final List<String> command;
    private final Path log;
    private Process process;
    private volatile Map<String, String> stats = Map.of();
    private CountDownLatch ready;

    EdgeProcess(String classPath, String heap, List<String> args, Path log) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", classPath, EdgeChild.class.getName()));
        c.addAll(args);
        this.command = List.copyOf(c);
        this.log = log;
    }

    /** Starts it and waits until it is ready (models loaded, subscribed). */
    void start(long timeoutSeconds) throws IOException, InterruptedException {
        ready = new CountDownLatch(1);
        stats = Map.of();
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process p = process;
        CountDownLatch r = ready;
        Thread reader = new Thread(() -> read(p, r), "cascade-bench-edge-out");
        reader.setDaemon(true);
        reader.start();
        if (!r.await(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("edge child not ready within " + timeoutSeconds + " s; see " + log);
        }
    }

    private void read(Process p, CountDownLatch r) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("READY")) {
                    r.countDown();
                } else if (line.startsWith("STATS ")) {
                    Map<String, String> m = new HashMap<>();
                    for (String kv : line.substring(6).split(" ")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) {
                            m.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                    stats = Map.copyOf(m);
                } else {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /** The last {@code STATS} value of {@code key} (0 before the first). */
    long stat(String key) {
        String v = stats.get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** The last {@code STATS} line's values. */
    Map<String, String> stats() {
        return stats;
    }

    /** SIGKILL, and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Asks it to stop cleanly (kills it if it does not within 20 s). */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            OutputStream o = process.getOutputStream();
            PrintWriter w = new PrintWriter(o, true, StandardCharsets.UTF_8);
            w.println("stop");
            w.flush();
        } catch (RuntimeException e) {
            // it is going anyway
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
