package dev.cascade.bench.processes;

import dev.cascade.infra.net.FreePort;
import dev.cascade.testkit.process.KafkaProcess;
import dev.cascade.testkit.process.MosquittoProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The multi-process layout of one benchmark phase: mosquitto, Kafka as its own JVM, then each role as its own JVM,
 * started one after the other by the caller so that each role's start-to-ready time (spawn to the first 200 on
 * {@code /health/ready}) is measured without the others starting beside it. {@link #close()} stops the roles in
 * reverse order, then Kafka, then mosquitto (SIGTERM, SIGKILL after a grace period). Not thread-safe; must be closed.
 */
public final class ProcessStack implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /**
     * One running process of the stack.
     *
     * @param role {@code mosquitto}, {@code kafka} or the role's name
     * @param pid the process id
     * @param log the process's log file
     * @param process what stops the process (the brokers: testkit's launchers; a role: its {@link Child})
     * @param opsPort its ops port (0 for the brokers)
     * @param startToReadyMs spawn to ready: the first 200 on /health/ready (brokers: their port accepting connections)
     */
    public record Member(String role, long pid, Path log, AutoCloseable process, int opsPort, double startToReadyMs) {
        /** CPU and memory of the process now. */
        public ProcSample sample() {
            return ProcSample.read(pid);
        }

        void stop() {
            try {
                process.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop " + role + ": " + e.getMessage(), e);
            }
        }
    }

    private final List<Member> members = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String mqttUri;
    private String kafkaBootstrap;

    private final RoleLauncher launcher;
    private final Path dir;
    private final PrintWriter out;

    private ProcessStack(RoleLauncher launcher, Path dir, PrintWriter out) {
        this.launcher = launcher;
        this.dir = dir;
        this.out = out;
    }

    /** Starts mosquitto and Kafka (its own JVM) in {@code dir} on free ports; nothing is left running when one fails. */
    public static ProcessStack startBrokers(RoleLauncher launcher, Path dir, PrintWriter out) {
        ProcessStack s = new ProcessStack(launcher, dir, out);
        try {
            int mqttPort = FreePort.pick();
            long t0 = System.nanoTime();
            MosquittoProcess m = MosquittoProcess.start(dir.resolve("mosquitto"), mqttPort, false);
            s.members.add(new Member("mosquitto", m.pid(), m.log(), m, 0, ms(System.nanoTime() - t0)));
            s.mqttUri = "tcp://127.0.0.1:" + mqttPort;
            s.report();
            int kafkaPort = FreePort.pick();
            t0 = System.nanoTime();
            KafkaProcess k = KafkaProcess.start(dir.resolve("kafka"), kafkaPort, launcher.classPath());
            s.members.add(new Member("kafka", k.pid(), k.log(), k, 0, ms(System.nanoTime() - t0)));
            s.kafkaBootstrap = "127.0.0.1:" + kafkaPort;
            s.report();
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Starts {@code role} as its own JVM and returns once it answers 200 on /health/ready (spawn to then is recorded). */
    public Member startRole(RoleSpec role) {
        Child c = Child.start(role.role(), launcher.role(role.role(), role.config()), role.env(),
                dir.resolve(role.role() + ".log"), Duration.ofSeconds(30));
        members.add(new Member(role.role(), c.pid(), c.log(), c, role.opsPort(), Double.NaN));
        Member m = new Member(role.role(), c.pid(), c.log(), c, role.opsPort(), awaitReady(c, role.opsPort()));
        members.set(members.size() - 1, m);
        report();
        return m;
    }

    private void report() {
        Member m = members.get(members.size() - 1);
        out.printf(Locale.ROOT, "  %-9s pid %-7d ready in %6.0f ms (log %s)%n", m.role(), m.pid(),
                m.startToReadyMs(), m.log());
        out.flush();
    }

    private double awaitReady(Child c, int port) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!c.alive()) {
                throw new IllegalStateException(c.name() + " exited with " + c.exitValue() + " before it was ready; log "
                        + c.log() + ":\n" + c.tail());
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return ms(System.nanoTime() - c.spawnNanos());
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + c.name(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(c.name() + " was not ready within " + READY_TIMEOUT + "; log " + c.log()
                        + ":\n" + c.tail());
            }
            pause(20);
        }
    }

    public String mqttUri() {
        return mqttUri;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** The ops port of {@code role}. */
    public int opsPort(String role) {
        return members.stream().filter(m -> m.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role must be one of the stack's, was " + role)).opsPort();
    }

    /** CPU and memory of every process now, by role. */
    public Map<String, ProcSample> sample() {
        Map<String, ProcSample> s = new LinkedHashMap<>();
        for (Member m : members) {
            s.put(m.role(), m.sample());
        }
        return s;
    }

    /** The text of {@code role}'s {@code /metrics}, or empty when it does not answer. */
    public String metrics(String role) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort(role) + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Stops the roles in reverse order of start, then Kafka, then mosquitto. */
    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).stop();
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }
}
