package dev.cascade.bench.outbox;

import dev.cascade.ingest.GatewayDevices;
import dev.cascade.ingest.IngestBridge;
import dev.cascade.ingest.IngestConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The outbox soak behind {@code cascade bench outbox} and its test: a simulated factory publishes windows to the
 * sensors' broker; an edge agent in its own process (SIGKILL-able) decides and acts, escalating through a
 * {@link LinkCutter} (the uplink) to the same broker, where the real ingest bridge moves escalations to Kafka.
 * The link is cut, the agent killed and restarted meanwhile, the link restored; then every escalation the agent
 * decided must be on Kafka. Not thread-safe; one run at a time.
 */
public final class OutboxSoak {
    private static final DeviceId GATEWAY = DeviceId.of("gw-soak");

    private final SoakSettings s;
    private final String mqttUri;
    private final String kafkaBootstrap;
    private final String classPath;
    private final Consumer<String> progress;
    private final Recorder before = new Recorder(3);
    private final Recorder outage = new Recorder(3);
    private final Recorder after = new Recorder(3);
    private final AtomicLong actionsAfter = new AtomicLong();
    private volatile Instant afterAt = Instant.MAX;
    private final AtomicLong actionsBefore = new AtomicLong();
    private final AtomicLong actionsOutage = new AtomicLong();
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong windowsDown = new AtomicLong();
    private final AtomicLong everyWindowBytes = new AtomicLong();
    private volatile boolean inOutage;
    private volatile Instant cutAt = Instant.MAX;
    private volatile Instant restoredAt = Instant.MAX;
    private volatile boolean edgeUp;

    /** A soak against these brokers; the edge child runs with {@code classPath}. */
    public OutboxSoak(SoakSettings settings, String mqttUri, String kafkaBootstrap, String classPath, Consumer<String> progress) {
        this.s = settings;
        this.mqttUri = mqttUri;
        this.kafkaBootstrap = kafkaBootstrap;
        this.classPath = classPath;
        this.progress = progress;
    }

    /** Runs it; returns what it measured. */
    public SoakResult run() throws IOException, InterruptedException {
        double loadBefore = loadAverage();
        Topics topics = new Topics("soak-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(s.workDir());
        Path ledger = s.workDir().resolve("ledger.txt");
        Files.deleteIfExists(ledger);
        URI broker = URI.create(mqttUri);
        List<String> args = List.of(mqttUri, "", topics.namespace(), GATEWAY.value(), s.model().toString(),
                s.workDir().resolve("outbox").toString(), ledger.toString(), Integer.toString(s.batchSize()),
                Long.toString(s.batchAge().toMillis()), Boolean.toString(s.deflate()));
        IngestConfig ic = IngestConfig.defaults(mqttUri, kafkaBootstrap, topics)
                .withInstanceId("ingest-" + topics.namespace()).withGatewayDevices(GatewayDevices.of(GATEWAY, "m-"));
        dev.cascade.transport.kafka.TopicProvisioner.ensure(dev.cascade.transport.kafka.KafkaSettings.of(kafkaBootstrap,
                topics.namespace() + "-provisioner"), topics, 1, (short) 1);
        try (LinkCutter link = new LinkCutter(broker.getHost(), broker.getPort());
             IngestBridge ingest = IngestBridge.start(ic);
             MqttConnection sensors = MqttConnection.open(MqttSettings.of(mqttUri, topics.namespace() + "-sensors"));
             KafkaConsumer<String, byte[]> kafka = consumer(topics.kafka(Channel.ESCALATIONS))) {
            List<String> edgeArgs = new ArrayList<>(args);
            edgeArgs.set(1, link.serverUri());
            sensors.subscribe(topics.mqttFilter(Channel.COMMANDS), 1, (topic, payload, d) -> onCommand(payload));
            try (EdgeProcess edge = new EdgeProcess(classPath, s.edgeHeap(), edgeArgs, s.workDir().resolve("edge.log"))) {
                edge.start(60);
                edgeUp = true;
                Publisher pub = new Publisher(sensors, topics);
                pub.thread.start();
                try {
                    progress.accept("link up for " + s.before().toSeconds() + " s");
                    Thread.sleep(s.before().toMillis());
                    progress.accept("uplink cut for " + s.outage().toSeconds() + " s");
                    cutAt = Instant.now();
                    inOutage = true;
                    link.cut();
                    long cutNanos = System.nanoTime();
                    Thread.sleep(s.killAfter().toMillis());
                    // Pause the sensors and let the agent finish what it received, so that the kill loses no window
                    // from its worker queue: every escalation it decided is then in its outbox (or sent).
                    pub.pause(true);
                    awaitCaughtUp(edge);
                    progress.accept("kill -9 the edge: " + edge.stats());
                    edgeUp = false;
                    edge.kill();
                    edge.start(60);
                    edgeUp = true;
                    pub.pause(false);
                    long statsBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (edge.stats().isEmpty() && System.nanoTime() < statsBy) {
                        Thread.sleep(50);
                    }
                    long tornTails = edge.stat("tornTails");
                    long held = edge.stat("backlog");
                    progress.accept("edge restarted, holding " + held + " item(s); outage goes on: " + edge.stats());
                    long left = s.outage().toNanos() - (System.nanoTime() - cutNanos);
                    if (left > 0) {
                        TimeUnit.NANOSECONDS.sleep(left);
                    }
                    pub.pause(true);
                    awaitCaughtUp(edge);
                    inOutage = false;
                    restoredAt = Instant.now();
                    link.restore();
                    long restoredAt = System.nanoTime();
                    progress.accept("link restored; draining");
                    Set<String> decided = ledger(ledger);
                    progress.accept("the agent decided " + decided.size() + " escalation(s)");
                    Map<String, Integer> seen = new HashMap<>();
                    long records = 0;
                    long lastMissingAt = restoredAt;
                    long deadline = restoredAt + s.drainTimeout().toNanos();
                    while (System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : kafka.poll(Duration.ofMillis(200))) {
                            records++;
                            Decoded<Escalation> d = Codecs.escalation().decode(r.value());
                            if (d instanceof Decoded.Accepted<Escalation> a) {
                                String id = a.get().window().correlationId().value();
                                if (seen.merge(id, 1, Integer::sum) == 1 && decided.contains(id)) {
                                    lastMissingAt = System.nanoTime();
                                }
                            }
                        }
                        if (seen.keySet().containsAll(decided) && edge.stat("backlog") == 0) {
                            break;
                        }
                    }
                    progress.accept("drained: " + edge.stats());
                    long drainMillis = TimeUnit.NANOSECONDS.toMillis(lastMissingAt - restoredAt);
                    // A little longer, to see duplicates that are still on their way.
                    long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (System.nanoTime() < quiet) {
                        for (ConsumerRecord<String, byte[]> r : kafka.poll(Duration.ofMillis(200))) {
                            records++;
                            Decoded<Escalation> d = Codecs.escalation().decode(r.value());
                            if (d instanceof Decoded.Accepted<Escalation> a) {
                                seen.merge(a.get().window().correlationId().value(), 1, Integer::sum);
                            }
                        }
                    }
                    List<String> missingIds = decided.stream().filter(id -> !seen.containsKey(id)).toList();
                    long missing = missingIds.size();
                    if (missing > 0) {
                        progress.accept("missing on Kafka: " + missingIds);
                    }
                    long windowsSent = windows.get();
                    long windowsLost = windowsDown.get();
                    long everyWindow = everyWindowBytes.get();
                    long upstream = link.upstreamBytes();
                    // After the drain, the sensors again for as long as before the cut: local actions with the link
                    // back (not counted in the Kafka accounting above).
                    progress.accept("link back: sensors for " + s.before().toSeconds() + " s more");
                    afterAt = Instant.now();
                    pub.pause(false);
                    Thread.sleep(s.before().toMillis());
                    pub.pause(true);
                    awaitCaughtUp(edge);
                    Histogram hb = before.getIntervalHistogram();
                    Histogram ho = outage.getIntervalHistogram();
                    Histogram ha = after.getIntervalHistogram();
                    return new SoakResult(windowsSent, windowsLost, decided.size(), records, seen.size(), missing,
                            records - seen.size(), actionsBefore.get(), actionsOutage.get(), p(hb, 50), p(hb, 99),
                            p(ho, 50), p(ho, 99), upstream, everyWindow, drainMillis, tornTails, held,
                            loadBefore, loadAverage(), actionsAfter.get(), p(ha, 50), p(ha, 99));
                } finally {
                    pub.stop();
                }
            }
        }
    }

    /** Waits (up to 60 s) until the agent has decided or refused every window it received. */
    private void awaitCaughtUp(EdgeProcess edge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Thread.sleep(300);
        while (System.nanoTime() < deadline && (edge.stat("handled") < edge.stat("windows") || edge.stat("windows") == 0)) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    private static long p(Histogram h, double q) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q);
    }

    private void onCommand(byte[] payload) {
        Decoded<Command> d = Codecs.command().decode(payload);
        if (!(d instanceof Decoded.Accepted<Command> a) || a.get().header().windowSentAt() == null) {
            return;
        }
        Instant sentAt = a.get().header().windowSentAt();
        long micros = Math.max(0, Duration.between(sentAt, Instant.now()).toNanos() / 1000);
        // By when the window was sent: a loaded machine may deliver a command of the link-up phase after the cut.
        if (!sentAt.isBefore(afterAt)) {
            actionsAfter.incrementAndGet();
            after.recordValue(micros);
        } else if (!sentAt.isBefore(cutAt) && sentAt.isBefore(restoredAt)) {
            actionsOutage.incrementAndGet();
            outage.recordValue(micros);
        } else {
            actionsBefore.incrementAndGet();
            before.recordValue(micros);
        }
    }

    private static Set<String> ledger(Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "soak-probe-" + topic);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** 1-minute load average, or -1 where /proc/loadavg is missing. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Publishes the fleet's windows at the set rate, round robin over the machines. */
    private final class Publisher {
        final Thread thread;
        final List<Machine> machines = new ArrayList<>();
        final long[] seq;
        final MqttConnection mqtt;
        final Topics topics;
        volatile boolean running = true;
        volatile boolean paused;

        Publisher(MqttConnection mqtt, Topics topics) {
            this.mqtt = mqtt;
            this.topics = topics;
            int faulty = (int) Math.round(s.machines() * s.faultyShare());
            for (int i = 0; i < s.machines(); i++) {
                Machine m = new Machine(MachineSpec.defaults(), 1000 + i);
                if (i < faulty) {
                    m.inject(Fault.of(FaultType.BEARING_OUTER, 1.0));
                }
                machines.add(m);
            }
            this.seq = new long[s.machines()];
            this.thread = new Thread(this::loop, "cascade-bench-soak-sensors");
            thread.setDaemon(true);
        }

        void loop() {
            long periodNanos = (long) (1e9 / s.windowsPerSecond());
            long next = System.nanoTime();
            AtomicInteger i = new AtomicInteger();
            ModelRef ref = new ModelRef("every-window", "0");
            while (running) {
                if (paused) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    next = System.nanoTime();
                    continue;
                }
                int k = i.getAndUpdate(x -> (x + 1) % machines.size());
                Machine m = machines.get(k);
                Instant now = Instant.now();
                SensorWindow w = new SensorWindow(DeviceId.of("m-" + k), SensorKind.VIBRATION, m.sampleRateHz(), now,
                        seq[k]++, CorrelationId.random(), now, Samples.of(m.nextWindow()));
                everyWindowBytes.addAndGet(Codecs.escalation().encode(new Escalation(w, 0f, EscalationReason.UNCERTAIN, ref,
                        now)).length);
                windows.incrementAndGet();
                if (!edgeUp) {
                    windowsDown.incrementAndGet();
                }
                mqtt.publish(topics.mqtt(Channel.WINDOWS, w.deviceId()), Codecs.sensorWindow().encode(w), 1,
                        dev.cascade.transport.mqtt.PublishOptions.NONE);
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }

        void pause(boolean on) {
            paused = on;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
