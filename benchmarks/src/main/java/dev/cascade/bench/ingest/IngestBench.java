package dev.cascade.bench.ingest;

import dev.cascade.bench.kafka.BenchKafka;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.ingest.IngestBridge;
import dev.cascade.ingest.IngestConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.protocol.window.Samples;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import dev.cascade.testkit.process.MosquittoProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Ingest against a bare MQTT subscriber on the same broker in the same run (issue 11): QoS 1 throughput for
 * small and large escalations, with the records counted in Kafka afterwards, then MQTT arrival to Kafka
 * acknowledgement latency at a paced rate. The brokers: Debian's mosquitto as a child process (the deployed
 * broker) and, for comparison, the embedded HiveMQ CE; Kafka as its own JVM (or, with {@link Plan#kafkaInProcess()}, in
 * this one, where its collector and JIT share the JVM with the subscribers).
 */
public final class IngestBench {
    /** One throughput measurement. */
    public record Throughput(String broker, String subject, int payloadBytes, long messages, double seconds,
                             double perSecond, long inKafka) {}

    /** One latency measurement: MQTT arrival at ingest to every record of the message acknowledged by Kafka. */
    public record Latency(String broker, int payloadBytes, int rate, long messages, double p50Ms, double p99Ms,
                          double maxMs) {}

    /** What to run. */
    public record Plan(int messages, List<Integer> payloadBytes, int rate, Duration latencyDuration, boolean hivemq,
                       int window, boolean kafkaInProcess) {
        /** Kafka as its own JVM, as deployed. */
        public Plan(int messages, List<Integer> payloadBytes, int rate, Duration latencyDuration, boolean hivemq, int window) {
            this(messages, payloadBytes, rate, latencyDuration, hivemq, window, false);
        }
    }

    /** Everything measured. */
    public record Report(List<Throughput> throughput, List<Latency> latency) {}

    private static final AtomicLong NAMESPACES = new AtomicLong();
    /** Devices the load comes from; message i is device i % DEVICES's. */
    private static final int DEVICES = 100;
    private final Plan plan;
    private final PrintWriter out;
    private final String bootstrap;

    private IngestBench(Plan plan, PrintWriter out, String bootstrap) {
        this.plan = plan;
        this.out = out;
        this.bootstrap = bootstrap;
    }

    /** Runs the plan; brokers live in {@code dir}. */
    public static Report run(Plan plan, Path dir, PrintWriter out) throws Exception {
        List<Throughput> tp = new ArrayList<>();
        List<Latency> lat = new ArrayList<>();
        try (BenchKafka kafka = BenchKafka.start(!plan.kafkaInProcess(), dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            out.printf("Kafka %s%n", kafka.describe());
            IngestBench b = new IngestBench(plan, out, bootstrap);
            try (MosquittoProcess mosquitto = MosquittoProcess.start(dir.resolve("mosquitto"), 0, false)) {
                b.measure("mosquitto", mosquitto.serverUri(), tp, lat);
            }
            if (plan.hivemq()) {
                try (EmbeddedMqttBroker hive = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults())) {
                    b.measure("hivemq-ce", hive.serverUri(), tp, lat);
                }
            }
        }
        return new Report(tp, lat);
    }

    private void measure(String broker, String uri, List<Throughput> tp, List<Latency> lat) throws Exception {
        for (int bytes : plan.payloadBytes()) {
            byte[][] payloads = payloads(bytes, DEVICES);
            // Warm both paths once, then measure each.
            bare(broker, uri, payloads, Math.min(2000, plan.messages()));
            ingest(broker, uri, payloads, Math.min(2000, plan.messages()));
            Throughput b = bare(broker, uri, payloads, plan.messages());
            Throughput i = ingest(broker, uri, payloads, plan.messages());
            tp.add(b);
            tp.add(i);
            out.printf("%-10s %5d B  bare %8.0f msg/s   ingest %8.0f msg/s (%.0f %% of bare), %d of %d in Kafka%n", broker,
                    payloads[0].length, b.perSecond(), i.perSecond(), 100 * i.perSecond() / b.perSecond(), i.inKafka(),
                    i.messages());
            out.flush();
            Latency l = latency(broker, uri, payloads);
            lat.add(l);
            out.printf("%-10s %5d B  at %d msg/s: arrival -> Kafka ack p50 %.2f ms, p99 %.2f ms, max %.1f ms (%d messages)%n",
                    broker, payloads[0].length, l.rate(), l.p50Ms(), l.p99Ms(), l.maxMs(), l.messages());
            out.flush();
        }
    }

    private Throughput bare(String broker, String uri, byte[][] payloads, int n) throws Exception {
        Topics topics = newTopics();
        LongAdder got = new LongAdder();
        Object done = new Object();
        MqttSettings sub = MqttSettings.of(uri, "bare-" + topics.namespace()).withMaxInflight(plan.window());
        try (MqttConnection c = MqttConnection.open(sub, List.of(new MqttConnection.Route(
                topics.mqttShared("bare", Channel.ESCALATIONS), 1, (t, p, d) -> {
                    got.increment();
                    if (got.sum() >= n) {
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                })))) {
            long start = System.nanoTime();
            publishAll(uri, topics, payloads, n);
            awaitCount(got::sum, n, done);
            double s = (System.nanoTime() - start) / 1e9;
            return new Throughput(broker, "bare-subscriber", payloads[0].length, n, s, n / s, 0);
        }
    }

    private Throughput ingest(String broker, String uri, byte[][] payloads, int n) throws Exception {
        Topics topics = newTopics();
        KafkaSettings ks = KafkaSettings.of(bootstrap, "bench-admin");
        TopicProvisioner.ensure(ks, topics, 4, (short) 1);
        IngestConfig cfg = IngestConfig.defaults(uri, bootstrap, topics)
                .withInstanceId("ingest-" + topics.namespace()).withMaxPending(plan.window());
        cfg = withProducerOverrides(cfg);
        Object done = new Object();
        try (IngestBridge bridge = IngestBridge.start(cfg)) {
            bridge.observeAckLatency(x -> {
                if (bridge.stats().acknowledged() >= n) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            });
            long start = System.nanoTime();
            publishAll(uri, topics, payloads, n);
            awaitCount(() -> bridge.stats().acknowledged(), n, done);
            double s = (System.nanoTime() - start) / 1e9;
            return new Throughput(broker, "ingest", payloads[0].length, n, s, n / s,
                    recordsIn(topics.kafka(Channel.ESCALATIONS)));
        }
    }

    private Latency latency(String broker, String uri, byte[][] payloads) throws Exception {
        Topics topics = newTopics();
        TopicProvisioner.ensure(KafkaSettings.of(bootstrap, "bench-admin"), topics, 4, (short) 1);
        IngestConfig cfg = IngestConfig.defaults(uri, bootstrap, topics)
                .withInstanceId("ingest-" + topics.namespace()).withMaxPending(plan.window());
        cfg = withProducerOverrides(cfg);
        Recorder rec = new Recorder(3);
        int n = (int) (plan.rate() * plan.latencyDuration().toMillis() / 1000);
        int warm = plan.rate() * 3;
        try (IngestBridge bridge = IngestBridge.start(cfg);
             MqttConnection pub = MqttConnection.open(MqttSettings.of(uri, "pub-" + topics.namespace()))) {
            AtomicLong seen = new AtomicLong();
            bridge.observeAckLatency(nanos -> {
                if (seen.incrementAndGet() > warm) {
                    rec.recordValue(nanos);
                }
            });
            long interval = 1_000_000_000L / plan.rate();
            long next = System.nanoTime();
            for (int i = 0; i < warm + n; i++) {
                while (System.nanoTime() < next) {
                    long wait = next - System.nanoTime();
                    if (wait > 200_000) {
                        TimeUnit.NANOSECONDS.sleep(wait - 100_000);
                    }
                }
                next += interval;
                pub.publish(topic(topics, i), payloads[i % payloads.length], 1, PublishOptions.NONE);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (bridge.stats().acknowledged() < warm + n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var h = rec.getIntervalHistogram();
            return new Latency(broker, payloads[0].length, plan.rate(), h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
        }
    }

    private void publishAll(String uri, Topics topics, byte[][] payloads, int n) throws Exception {
        Semaphore window = new Semaphore(plan.window());
        try (MqttConnection pub = MqttConnection.open(MqttSettings.of(uri, "pub-" + topics.namespace())
                .withMaxInflight(plan.window()))) {
            for (int i = 0; i < n; i++) {
                window.acquire();
                pub.publish(topic(topics, i), payloads[i % payloads.length], 1, PublishOptions.NONE)
                        .whenComplete((v, e) -> window.release());
            }
            window.acquire(plan.window());
        }
    }

    private static String topic(Topics topics, int i) {
        return topics.mqtt(Channel.ESCALATIONS, DeviceId.of("bench-" + (i % DEVICES)));
    }

    private static void awaitCount(java.util.function.LongSupplier count, long n, Object done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        synchronized (done) {
            while (count.getAsLong() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("only " + count.getAsLong() + " of " + n + " arrived within 5 minutes");
                }
                done.wait(Math.min(100, Math.max(1, left / 1_000_000)));
            }
        }
    }

    private long recordsIn(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(10));
            Map<TopicPartition, Long> begins = c.beginningOffsets(parts, Duration.ofSeconds(10));
            long total = 0;
            for (TopicPartition tp : parts) {
                total += ends.get(tp) - begins.get(tp);
            }
            return total;
        }
    }

    /** One escalation per device ({@code bench-<i>}) whose CBOR encoding is about {@code bytes} long. */
    static byte[][] payloads(int bytes, int count) {
        int samples = 1;
        while (encoded(samples).length < bytes && samples < 100_000) {
            samples++;
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            out[i] = encodedWith(samples, i);
        }
        return out;
    }

    private static byte[] encoded(int samples) {
        return encodedWith(samples, 0);
    }

    private static byte[] encodedWith(int samples, int seq) {
        float[] s = new float[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 50 * i / 8192.0));
        }
        Instant now = Instant.now();
        SensorWindow w = new SensorWindow(DeviceId.of("bench-" + seq), SensorKind.VIBRATION, 8192, now, seq,
                CorrelationId.random(), now, Samples.of(s));
        return Codecs.escalation().encode(new Escalation(w, 0.5f, EscalationReason.UNCERTAIN, new ModelRef("bench", "1"), now));
    }

    /**
     * {@code -Dcascade.bench.ingest.producer=linger.ms=1,batch.size=65536} (through {@code CASCADE_JAVA_OPTS}): Kafka
     * producer properties for ingest in this run, over its own defaults, to compare settings on the same machine.
     */
    private static IngestConfig withProducerOverrides(IngestConfig c) {
        String spec = System.getProperty("cascade.bench.ingest.producer", "");
        if (spec.isBlank()) {
            return c;
        }
        Map<String, String> o = new java.util.HashMap<>();
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2 || p[0].isBlank()) {
                throw new IllegalArgumentException("cascade.bench.ingest.producer must be key=value[,key=value...], was "
                        + spec);
            }
            o.put(p[0].trim(), p[1].trim());
        }
        return c.withKafka(c.kafka().withOverrides(o));
    }

    private static Topics newTopics() {
        return new Topics("bi" + NAMESPACES.incrementAndGet());
    }
}
