package dev.cascade.infra.kafka;

import dev.cascade.infra.TempDirs;
import dev.cascade.infra.logging.Logging;
import dev.cascade.infra.net.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft, broker and controller in one) running inside this JVM.
 * Must be closed; {@link #stop()} and {@link #start()} restart it on the same ports and log.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaBrokerConfig config;
    private final int port;
    private final int controllerPort;
    private final int securePort;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;

    private EmbeddedKafka(KafkaBrokerConfig config) {
        this.config = config;
        this.port = FreePort.orPick(config.port());
        int c;
        do {
            c = FreePort.pick();
        } while (c == port);
        this.controllerPort = c;
        int sp = 0;
        if (config.saslSsl().isPresent()) {
            do {
                sp = FreePort.pick();
            } while (sp == port || sp == controllerPort);
        }
        this.securePort = sp;
        this.ownsLogDir = config.logDir().isEmpty();
        this.logDir = config.logDir().orElseGet(() -> TempDirs.create("cascade-kafka-"));
    }

    /** Starts a broker and returns once it serves clients. */
    public static EmbeddedKafka start(KafkaBrokerConfig config) {
        EmbeddedKafka k = new EmbeddedKafka(config);
        try {
            k.start();
            return k;
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    /** (Re)starts the broker on its ports and log folder. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Logging.install();
        long t0 = System.nanoTime();
        Properties props = properties();
        format(props);
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            shutdown(s);
            throw new IllegalStateException("Kafka broker did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
        server = s;
        log.info("Kafka broker up on {}{} in {} ms", bootstrapServers(),
                config.saslSsl().map(l -> " and SASL_SSL " + secureBootstrapServers()).orElse(""),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Stops the broker, keeping its ports and log for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        shutdown(s);
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        String host = "0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The SASL_SSL listener's {@code host:port}; fails when the broker was configured without one. */
    public String secureBootstrapServers() {
        if (config.saslSsl().isEmpty()) {
            throw new IllegalStateException("this broker has no SASL_SSL listener (KafkaBrokerConfig.withSaslSsl)");
        }
        String host = "0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
        return host + ":" + securePort;
    }

    @Override
    public void close() {
        stop();
        if (ownsLogDir) {
            TempDirs.deleteQuietly(logDir);
        }
    }

    private Properties properties() {
        String host = config.bindAddress();
        String advertised = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + advertised + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.resolve("log").toString());
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.consumer.heartbeat.interval.ms", "500");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        // A joining member (a worker scaled up or restarted) gets its partitions at once rather than at the group's next
        // assignment round (group.consumer.assignment.interval.ms, 1 s by default in Kafka 4.3, computed on a background
        // thread): subscribe to assignment went from ~1.2 s to ~0.1 s (docs/DEPLOY.md, "Kafka settings").
        p.put("group.consumer.assignment.interval.ms", "0");
        p.put("group.consumer.assignor.offload.enable", "false");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        config.saslSsl().ifPresent(l -> secureListener(p, l, host, advertised));
        for (Map.Entry<String, String> e : config.overrides().entrySet()) {
            p.put(e.getKey(), e.getValue());
        }
        return p;
    }

    private void secureListener(Properties p, SaslSslListener l, String host, String advertised) {
        p.put("listeners", p.getProperty("listeners") + ",SECURE://" + host + ":" + securePort);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + ",SECURE://" + advertised + ":" + securePort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.secure.ssl.keystore.type", "PEM");
        p.put("listener.name.secure.ssl.keystore.certificate.chain", l.certificateChainPem().strip());
        p.put("listener.name.secure.ssl.keystore.key", l.privateKeyPem().strip());
        p.put("listener.name.secure.ssl.client.auth", "none");
        if (l.aclAuthorizer()) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // The controller and the test's own administration use the loopback PLAINTEXT listener (ANONYMOUS).
            p.put("super.users", "User:ANONYMOUS");
            p.put("allow.everyone.if.no.acl.found", "false");
        }
    }

    private void format(Properties props) {
        try {
            Files.createDirectories(logDir);
            Path file = logDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Cascade embedded Kafka");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                List<String> args = new ArrayList<>(List.of("format", "--standalone", "--ignore-formatted", "-t", clusterId,
                        "-c", file.toString()));
                config.saslSsl().ifPresent(l -> new TreeSet<>(l.scramUsers().keySet()).forEach(u -> {
                    args.add("--add-scram");
                    args.add(l.scramArgument(u));
                }));
                rc = StorageTool.execute(args.toArray(new String[0]), ps);
            }
            if (rc != 0) {
                throw new IllegalStateException("formatting the Kafka log " + logDir + " failed (" + rc + "): "
                        + buf.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log folder " + logDir, e);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("formatting the Kafka log " + logDir + " failed: " + e.getMessage(), e);
        }
    }

    private static void shutdown(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Kafka broker did not stop cleanly: {}", e.toString());
        }
    }
}
