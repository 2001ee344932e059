package dev.cascade.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' live web dashboard: pipeline status and the alert board (read from the alerts topic,
 * one row per ongoing condition), pushed to browsers with server-sent events. Behind an HTTP Basic
 * login. Must be closed.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final DashboardOptions options;
    private final Supplier<Map<String, Object>> status;
    private final AlertBoard board = new AlertBoard(200);
    private final Set<String> seenAlertIds = new HashSet<>();
    private final ConcurrentLinkedQueue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final ScheduledExecutorService ticker;
    private final Javalin http;
    private final byte[] expectedAuth;
    private final String page;
    private volatile boolean running = true;

    private Dashboard(DashboardOptions options, KafkaSettings kafka, Topics topics, Supplier<Map<String, Object>> status) {
        this.options = options;
        this.status = status;
        this.expectedAuth = ("Basic " + Base64.getEncoder().encodeToString(
                (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        this.page = resource("index.html");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, kafka.clientId() + "-dashboard");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        p.putAll(kafka.overrides()); // security.protocol, ssl.*, sasl.* from the kafka: section
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo pi : consumer.partitionsFor(topics.kafka(Channel.ALERTS), Duration.ofSeconds(30))) {
            parts.add(new TopicPartition(pi.topic(), pi.partition()));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.reader = new Thread(this::readAlerts, "cascade-dashboard-alerts");
        reader.setDaemon(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-dashboard-ticker");
            t.setDaemon(true);
            return t;
        });
        try {
            this.http = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.routes.before(this::authenticate);
                config.routes.get("/", ctx -> ctx.html(page));
                config.routes.get("/api/status", ctx -> ctx.contentType("application/json").result(json(status.get())));
                config.routes.get("/api/alerts", ctx -> ctx.contentType("application/json").result(json(board.rows())));
                config.routes.sse("/events", client -> {
                    client.keepAlive();
                    client.onClose(() -> clients.remove(client));
                    clients.add(client);
                    client.sendEvent("status", json(status.get()));
                    client.sendEvent("alerts", json(board.rows()));
                });
            }).start(options.bindAddress(), options.port());
        } catch (RuntimeException e) {
            ticker.shutdownNow();
            consumer.close();
            throw e;
        }
        reader.start();
        ticker.scheduleAtFixedRate(this::pushStatus, 1, 1, TimeUnit.SECONDS);
        log.info("dashboard on http://{}:{}/ (user {})", options.bindAddress(), http.port(), options.user());
    }

    /** Starts the web server and the alert reader. */
    public static Dashboard start(DashboardOptions options, KafkaSettings kafka, Topics topics,
                                  Supplier<Map<String, Object>> status) {
        return new Dashboard(options, kafka, topics, status);
    }

    private void authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        byte[] got = h == null ? new byte[0] : h.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(got, expectedAuth)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Cascade\", charset=\"UTF-8\"");
            ctx.status(HttpStatus.UNAUTHORIZED).result("login required");
            ctx.skipRemainingHandlers();
        }
    }

    private void readAlerts() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decoded<Alert> d = Codecs.alert().decode(r.value());
                    if (d.isAccepted()) {
                        AlertBoard.Row row;
                        synchronized (seenAlertIds) {
                            row = board.add(d.orElseThrow(), seenAlertIds);
                        }
                        broadcast("alert", json(row));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pushStatus() {
        try {
            broadcast("status", json(status.get()));
        } catch (RuntimeException e) {
            log.debug("status push failed: {}", e.toString());
        }
    }

    private void broadcast(String event, String data) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
            } else {
                c.sendEvent(event, data);
            }
        }
    }

    /** The port the dashboard listens on. */
    public int port() {
        return http.port();
    }

    /** Alert rows by severity (for tests and status lines). */
    public Map<String, Long> alertCounts() {
        return board.countsBySeverity();
    }

    public String url() {
        String host = "0.0.0.0".equals(options.bindAddress()) ? "127.0.0.1" : options.bindAddress();
        return "http://" + host + ":" + port() + "/";
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.shutdownNow();
        for (SseClient c : clients) {
            c.close();
        }
        http.stop();
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
