package dev.cascade.bench.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cascade.actuators.alarm.AlarmServiceConfig;
import dev.cascade.actuators.alarm.Alarms;
import dev.cascade.actuators.notify.ChannelLimits;
import dev.cascade.actuators.notify.NotifyConfig;
import dev.cascade.actuators.notify.Route;
import dev.cascade.actuators.notify.SiteMap;
import dev.cascade.actuators.notify.WebhookSignature;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.net.FreePort;
import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import dev.cascade.transport.mqtt.MqttSettings;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alert raised on Kafka to webhook delivered: an in-process Kafka broker, the alarm service with one signed webhook
 * channel, a JDK HTTP server as the receiver; each alert is about a new device, so each raises an alarm and one
 * webhook call. Latency: from just before the alert is produced to the receiver holding the verified POST.
 */
public final class AlarmBench {
    private static final byte[] SECRET = "bench-secret".getBytes(StandardCharsets.UTF_8);

    /** What one run measured. */
    public record Result(int sent, long delivered, long badSignatures, double rate, long p50Micros, long p90Micros,
                         long p99Micros, long maxMicros, double loadBefore, double loadAfter, int cores) {}

    private AlarmBench() {}

    /** Sends {@code rate} alerts a second for {@code duration}, discarding the first {@code warmup}. */
    public static Result run(double rate, Duration duration, Duration warmup, PrintWriter out) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Set<String> measured = ConcurrentHashMap.newKeySet();
        Histogram h = new Histogram(60_000_000L, 3);
        AtomicLong delivered = new AtomicLong();
        AtomicLong badSignatures = new AtomicLong();
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            ex.sendResponseHeaders(200, -1);
            ex.close();
            if (!WebhookSignature.verify(SECRET, body, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER))) {
                badSignatures.incrementAndGet();
                return;
            }
            JsonNode n = json.readTree(body);
            String device = n.at("/cascade/alarm/deviceId").asText();
            Long t0 = sentAt.get(device);
            if (t0 != null && "raised".equals(n.at("/cascade/event").asText())) {
                delivered.incrementAndGet();
                if (measured.contains(device)) {
                    synchronized (h) {
                        h.recordValue(Math.max(0, (now - t0) / 1000));
                    }
                }
            }
        });
        server.start();
        Topics topics = new Topics("benchalarms");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(FreePort.pick()))) {
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers(), "bench");
            TopicProvisioner.ensure(ks, topics, 4, (short) 1);
            ChannelLimits limits = new ChannelLimits(100_000, 1_000_000, 3, Duration.ofMillis(100), Duration.ofSeconds(1));
            NotifyConfig channels = new NotifyConfig(List.of(new NotifyConfig.Webhook("hook",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"), SECRET, Duration.ofSeconds(5),
                    limits)), List.of(), Optional.empty(), List.of(new Route(Severity.INFO, Set.of(), 0, List.of("hook"))),
                    SiteMap.single("bench"));
            try (Alarms alarms = Alarms.start(AlarmServiceConfig.defaults(kafka.bootstrapServers(), topics), channels,
                    MqttSettings.of("tcp://127.0.0.1:1", "unused"), Clock.systemUTC());
                 KafkaProducer<String, byte[]> producer = KafkaClients.producer(ks, "bench")) {
                while (!alarms.service().ready()) {
                    Thread.sleep(20);
                }
                int total = (int) Math.round(rate * duration.toMillis() / 1000.0);
                int skip = (int) Math.round(rate * warmup.toMillis() / 1000.0);
                long interval = (long) (1e9 / rate);
                long start = System.nanoTime();
                ModelRef model = ModelRef.parse("bench@1");
                for (int i = 0; i < total; i++) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String device = "bench-" + i;
                    AnomalyAlert a = new AnomalyAlert(AlertHeader.caused("anomaly", DeviceId.of(device),
                            CorrelationId.random(), Severity.CRITICAL, Instant.now()), 1f, 0.5f, model, false);
                    if (i >= skip) {
                        measured.add(device);
                    }
                    sentAt.put(device, System.nanoTime());
                    producer.send(new ProducerRecord<>(topics.kafka(Channel.ALERTS), device, Codecs.alert().encode(a)));
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (delivered.get() < total && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                synchronized (h) {
                    Result r = new Result(total, delivered.get(), badSignatures.get(), rate, h.getValueAtPercentile(50),
                            h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue(), loadBefore, loadAfter,
                            Runtime.getRuntime().availableProcessors());
                    out.printf("alerts sent %d, webhooks delivered %d (bad signatures %d), measured %d after %s warm-up%n",
                            total, delivered.get(), badSignatures.get(), h.getTotalCount(), warmup);
                    out.printf("alert on Kafka -> webhook delivered: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                            r.p50Micros() / 1000.0, r.p90Micros() / 1000.0, r.p99Micros() / 1000.0, r.maxMicros() / 1000.0);
                    out.printf("load average %.2f before, %.2f after, %d cores%n", loadBefore, loadAfter, r.cores());
                    out.flush();
                    return r;
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
