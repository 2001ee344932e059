package dev.cascade.testkit.process;

import dev.cascade.infra.net.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka (broker and controller) as its own JVM ({@code java -cp <jars> kafka.Kafka}), with the
 * same Kafka jars the project uses: storage formatted first, log in {@code <dir>/kafka.log}, data in
 * {@code <dir>/data}. {@link #kill()} (SIGKILL) or {@link #stop()} (SIGTERM), then {@link #start()} again on the
 * same ports, cluster id and data. Not thread-safe; must be closed.
 */
public final class KafkaProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String classPath;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private ChildProcess process;

    private KafkaProcess(Path dir, String classPath, int port) {
        this.dir = dir;
        this.classPath = classPath;
        this.port = port;
        int c;
        do {
            c = FreePort.pick();
        } while (c == port);
        this.controllerPort = c;
    }

    /** Starts Kafka in {@code dir} on {@code port} (0: a free one) with this JVM's class path (it holds the Kafka server jars). */
    public static KafkaProcess start(Path dir, int port) {
        return start(dir, port, testClassPath());
    }

    /** As {@link #start(Path, int)}, with the Kafka server jars on {@code classPath} (relative entries allowed). */
    public static KafkaProcess start(Path dir, int port, String classPath) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("classPath must not be blank, was " + classPath);
        }
        KafkaProcess k = new KafkaProcess(dir.toAbsolutePath(), JvmProcess.absoluteClassPath(classPath), FreePort.orPick(port));
        k.start();
        return k;
    }

    /** (Re)starts the broker and returns once it answers clients; does nothing while it runs. */
    public void start() {
        if (process != null && process.alive()) {
            return;
        }
        if (process != null) {
            process.release();
        }
        Path props = writeConfig();
        format(props);
        process = ChildProcess.start("kafka", java("kafka.Kafka", props.toString()), dir, log());
        try {
            process.awaitPort(port, START_TIMEOUT);
            awaitCluster();
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    /** SIGKILL: the broker JVM dies at once, as in a crash. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM: a controlled shutdown (SIGKILL after 30 s). */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    public boolean running() {
        return process != null && process.alive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("kafka.log");
    }

    @Override
    public void close() {
        stop();
        if (process != null) {
            process.release();
        }
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void format(Path props) {
        List<String> cmd = java("kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted", "-t", clusterId,
                "-c", props.toString());
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage in " + dir + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Kafka storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted formatting Kafka storage", e);
        }
    }

    private void awaitCluster() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(START_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(p)) {
            int nodes = admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes != 1) {
                throw new IllegalStateException("Kafka on " + bootstrapServers() + " reports " + nodes + " nodes, expected 1");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not answer: " + e + "; log " + log()
                    + ":\n" + process.tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Kafka", e);
        }
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("num.partitions", "4"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("group.consumer.heartbeat.interval.ms", "500"),
                Map.entry("group.consumer.min.heartbeat.interval.ms", "500"),
                // as EmbeddedKafka: a joining member gets its partitions at once, not at the next assignment round
                Map.entry("group.consumer.assignment.interval.ms", "0"),
                Map.entry("group.consumer.assignor.offload.enable", "false")));
        try {
            Files.createDirectories(dir.resolve("data"));
            Path file = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Cascade Kafka (own JVM)");
            }
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="kafka" level="WARN"/>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                      <logger name="state.change.logger" level="WARN"/>
                      <logger name="kafka.server.BrokerServer" level="INFO"/>
                      <root level="INFO"><appender-ref ref="out"/></root>
                    </configuration>
                    """, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka config in " + dir, e);
        }
    }

    /** The class path of this test JVM (Surefire and Failsafe hide it behind a manifest jar otherwise). */
    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
