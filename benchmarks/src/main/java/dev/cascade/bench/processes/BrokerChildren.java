package dev.cascade.bench.processes;

import dev.cascade.infra.net.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/** Starts mosquitto and a single-node KRaft Kafka (its own JVM) as children, on free loopback ports. */
public final class BrokerChildren {
    private static final Duration MOSQUITTO_START = Duration.ofSeconds(20);
    private static final Duration KAFKA_START = Duration.ofSeconds(90);

    private BrokerChildren() {}

    /** Debian's mosquitto on {@code port}: loopback only, anonymous, no persistence (a benchmark starts afresh). */
    public static Child mosquitto(Path dir, int port) {
        String conf = """
                user %s
                per_listener_settings true
                listener %d 127.0.0.1
                allow_anonymous true
                max_packet_size 8454144
                max_queued_messages 0
                max_inflight_messages 0
                persistence false
                log_dest stderr
                log_type error
                log_type warning
                """.formatted(System.getProperty("user.name"), port);
        Path file = write(dir.resolve("mosquitto.conf"), conf);
        Child c = Child.start("mosquitto", List.of(binary("mosquitto"), "-c", file.toString()), Map.of(),
                dir.resolve("mosquitto.log"), Duration.ofSeconds(10));
        awaitPort(c, port, MOSQUITTO_START);
        return c;
    }

    /** Kafka (broker and controller) as its own JVM on {@code port}, storage formatted first. */
    static Child kafka(RoleLauncher launcher, Path dir, int port) {
        int controller;
        do {
            controller = FreePort.pick();
        } while (controller == port);
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller),
                Map.entry("log.dirs", dir.resolve("data").toAbsolutePath().toString()),
                Map.entry("num.partitions", "4"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        Path props = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir.resolve("data"));
            try (OutputStream out = Files.newOutputStream(props)) {
                p.store(out, "Cascade benchmark Kafka (own JVM)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + props, e);
        }
        Path logback = write(dir.resolve("kafka-logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
        List<String> opts = List.of("-Dlogback.configurationFile=" + logback.toAbsolutePath());
        format(launcher, opts, props, dir);
        Child c = Child.start("kafka", launcher.main("kafka.Kafka", opts, props.toAbsolutePath().toString()), Map.of(),
                dir.resolve("kafka.log"), Duration.ofSeconds(30));
        awaitPort(c, port, KAFKA_START);
        return c;
    }

    private static void format(RoleLauncher launcher, List<String> opts, Path props, Path dir) {
        List<String> cmd = launcher.main("kafka.tools.StorageTool", opts, "format", "--standalone", "--ignore-formatted",
                "-t", Uuid.randomUuid().toString(), "-c", props.toAbsolutePath().toString());
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

    /** Waits until {@code port} accepts connections; kills the child and fails with its log's tail otherwise. */
    static void awaitPort(Child c, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!c.alive()) {
                c.close();
                throw new IllegalStateException(c.name() + " exited with " + c.exitValue() + " before listening on port "
                        + port + "; log " + c.log() + ":\n" + c.tail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                c.close();
                throw new IllegalStateException(c.name() + " did not listen on port " + port + " within " + timeout
                        + "; log " + c.log() + ":\n" + c.tail());
            }
            ProcessStack.pause(50);
        }
    }

    private static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed (infra/local/install-deps.sh installs Debian's package)");
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
