package dev.cascade.bench.pipeline;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.Delivery;
import dev.cascade.cloud.cost.CostModel;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.bench.kafka.BenchKafka;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.scoring.Scored;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The cloud worker's benchmarks side by side in one run (not a product feature): start to first inference; the
 * worker loop alone on pre-encoded escalations (decode, FFT features and the anomaly model batched, results encoded;
 * no broker), one thread; the same model served per request over HTTP (one inference per POST, seed 002); the
 * workers through a real Kafka (throughput on a backlog, start to first inference); the time the workers add per
 * window at 1,000 windows/s in each delivery mode, after a warm-up. Usage:
 * {@code CloudBench MODEL_DIR [SECONDS] [PRICE] [PHASES]}, PHASES a comma list of {@code local}, {@code kafka}
 * (backlog, then paced), {@code paced}, {@code process}. System properties: {@code cloudbench.broker} ({@code process}:
 * Kafka as its own JVM, the default, as deployed; {@code in-process}: in this JVM, sharing its heap and collector),
 * {@code cloudbench.delivery} (one mode only), {@code cloudbench.max-queue-delay}, {@code cloudbench.warmup-seconds}
 * (30: the JIT of both JVMs is still compiling for 20 s or more).
 */
public final class CloudBench {
    private static final ModelRef EDGE = new ModelRef("vibration-anomaly-edge", "1");

    private CloudBench() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "models/default/vibration-anomaly-cloud/1");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double price = args.length > 2 ? Double.parseDouble(args[2]) : CloudConfig.DEFAULT_PRICE_PER_INSTANCE_HOUR;
        String load0 = loadavg();
        System.out.printf(Locale.ROOT, "cloud bench: model %s, %d s per phase, %d cores, load %s%n", model, seconds,
                Runtime.getRuntime().availableProcessors(), load0);

        List<byte[]> escalations = escalations(4096, 1024);
        long t0 = System.nanoTime();
        try (CloudModel m = CloudModel.open(ModelBundle.load(model), OnnxOptions.CPU)) {
            m.warmUp(64);
            Escalation first = Codecs.escalation().decode(escalations.get(0)).orElseThrow();
            m.scoreAll(List.of(first.window()));
            System.out.printf(Locale.ROOT, "model file to first inference (first ONNX session of this JVM): %.1f ms "
                    + "(%s)%n", (System.nanoTime() - t0) / 1e6, m.backend());
        }

        String phases = args.length > 3 ? args[3] : "local,kafka";
        if (phases.contains("local")) {
            local(model, escalations, seconds, price);
        }
        if (phases.contains("kafka") || phases.contains("paced")) {
            kafka(model, escalations, seconds, price, phases.contains("kafka"));
        }
        if (phases.contains("process")) {
            process(model, escalations);
        }
        System.out.printf(Locale.ROOT, "load average at start %s, at end %s%n", load0, loadavg());
    }

    private static void local(Path model, List<byte[]> escalations, int seconds, double price) throws Exception {
        double batched = batched(model, escalations, 64, seconds);
        double single = batched(model, escalations, 1, seconds);
        double http = http(model, escalations, seconds);
        System.out.printf(Locale.ROOT, "worker loop alone, batches of 64, 1 thread: %,.0f windows/s%n", batched);
        System.out.printf(Locale.ROOT, "worker loop alone, batches of 1, 1 thread:  %,.0f windows/s%n", single);
        System.out.printf(Locale.ROOT, "HTTP per request (1 server thread, 2 client threads): %,.0f windows/s%n", http);
        System.out.printf(Locale.ROOT, "batched / HTTP: %.1fx%n", batched / http);
        System.out.printf(Locale.ROOT, "cost per 1M inferences at %.3f per instance-hour: batched %.5f, HTTP %.5f%n",
                price, CostModel.perMillion(price, batched), CostModel.perMillion(price, http));
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static List<byte[]> escalations(int n, int machines) {
        List<Machine> ms = new ArrayList<>();
        for (int i = 0; i < Math.min(machines, 64); i++) {
            ms.add(new Machine(MachineSpec.defaults(), 500 + i));
        }
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Codecs.escalation().encode(escalation("m-" + (i % ms.size()), i / ms.size(), ms.get(i % ms.size()).nextWindow())));
        }
        return out;
    }

    private static Escalation escalation(String device, long seq, float[] samples) {
        Instant now = Instant.now();
        return new Escalation(new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now, seq,
                CorrelationId.random(), now, Samples.of(samples)), 1.0f, EscalationReason.UNCERTAIN, EDGE, now);
    }

    /** Decode, score in batches of {@code batch}, build and encode each result; one thread; windows per second. */
    private static double batched(Path model, List<byte[]> escalations, int batch, int seconds) throws Exception {
        Outcomes outcomes = new Outcomes(Duration.ofSeconds(30), Duration.ofHours(2), 4.0);
        try (CloudModel m = CloudModel.open(ModelBundle.load(model), OnnxOptions.CPU)) {
            m.warmUp(batch);
            long sink = 0;
            long windows = 0;
            long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            long start = 0;
            long end = Long.MAX_VALUE;
            int i = 0;
            List<Escalation> es = new ArrayList<>(batch);
            List<SensorWindow> ws = new ArrayList<>(batch);
            while (true) {
                long now = System.nanoTime();
                if (start == 0 && now >= warmEnd) {
                    start = now;
                    end = now + Duration.ofSeconds(seconds).toNanos();
                    windows = 0;
                } else if (now >= end) {
                    break;
                }
                es.clear();
                ws.clear();
                for (int k = 0; k < batch; k++) {
                    Escalation e = Codecs.escalation().decode(escalations.get(i++ % escalations.size())).orElseThrow();
                    es.add(e);
                    ws.add(e.window());
                }
                Scored[] scored = m.scoreAll(ws);
                Instant at = Instant.now();
                for (int k = 0; k < batch; k++) {
                    float s = scored[k] instanceof Scored.Value v ? v.score() : Float.NaN;
                    Verdict verdict = Outcomes.verdict(m.manifest().task(), m.scorer().isPositive(s));
                    InferenceResult r = outcomes.result(es.get(k), m.ref(), s, m.scorer().threshold(), verdict, at, batch);
                    sink += Codecs.inferenceResult().encode(r).length;
                }
                windows += batch;
            }
            if (sink == 42) {
                System.out.print("");
            }
            return windows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** One POST per window to the per-request server (seed 002); windows per second. */
    private static double http(Path model, List<byte[]> escalations, int seconds) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            bodies.add(Codecs.sensorWindow().encode(Codecs.escalation().decode(escalations.get(i)).orElseThrow().window()));
        }
        try (HttpInferenceServer server = HttpInferenceServer.start(Map.of(SensorKind.VIBRATION, model), OnnxOptions.CPU, 1)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            LongAdder done = new LongAdder();
            long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t;
                Thread th = new Thread(() -> {
                    int i = offset;
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) {
                            return;
                        }
                        HttpRequest req = HttpRequest.newBuilder(server.uri()).header("Content-Type", "application/cbor")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i++ % bodies.size()))).build();
                        try {
                            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException("HTTP " + r.statusCode());
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        if (now >= warmEnd) {
                            done.increment();
                        }
                    }
                }, "cascade-bench-http-client-" + t);
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            return done.sum() / (double) seconds;
        }
    }

    /** The workers through a real Kafka: throughput on a backlog, then the time they add at 1,000 windows/s. */
    private static void kafka(Path model, List<byte[]> escalations, int seconds, double price, boolean backlogToo)
            throws Exception {
        boolean ownJvm = "process".equals(System.getProperty("cloudbench.broker", "process"));
        Path brokerDir = Files.createTempDirectory("cloudbench-kafka");
        try (BenchKafka broker = BenchKafka.start(ownJvm, brokerDir)) {
            String bootstrap = broker.bootstrapServers();
            System.out.printf(Locale.ROOT, "Kafka broker %s (-Dcloudbench.broker=process|in-process)%n", broker.describe());
            KafkaSettings ks = KafkaSettings.of(bootstrap, "cloud-bench");
            warmCoordinators(ks);
            if (backlogToo) {
                backlog(bootstrap, ks, model, price);
            }
            for (Delivery d : Delivery.values()) {
                if (System.getProperty("cloudbench.delivery", d.displayName()).equals(d.displayName())) {
                    paced(bootstrap, ks, model, seconds, d);
                }
            }
        } finally {
            BenchKafka.deleteTree(brokerDir);
        }
    }

    /** Throughput and start to first inference of one worker on a backlog of 20,000 escalations. */
    private static void backlog(String bootstrap, KafkaSettings ks, Path model, double price) throws Exception {
        {
            Topics backlog = new Topics("cb-backlog");
            TopicProvisioner.ensure(ks, backlog, 4, (short) 1);
            int n = 20_000;
            List<byte[]> distinct = escalations(n, 64);
            try (KafkaProducer<String, byte[]> p = KafkaClients.producer(ks, "bench")) {
                for (int i = 0; i < n; i++) {
                    p.send(new ProducerRecord<>(backlog.kafka(Channel.ESCALATIONS), "m-" + (i % 64), distinct.get(i)));
                }
                p.flush();
            }
            distinct = null;
            CloudConfig config = CloudConfig.of(bootstrap, backlog, Map.of(SensorKind.VIBRATION, model))
                    .withMaxBatch(256).withInstanceId("bench-backlog").withConfirmation(1, 1);
            long started = System.nanoTime();
            try (InferenceWorkers w = InferenceWorkers.start(config, InstantSource.system())) {
                while (w.stats().escalations() < n) {
                    Thread.sleep(5);
                }
                double total = (System.nanoTime() - started) / 1e9;
                double first = w.firstInferenceSeconds();
                System.out.printf(Locale.ROOT, "through Kafka, 1 worker, backlog of %,d (%,d windows scored): "
                                + "%,.0f escalations/s after the first inference; worker start to first inference %.3f s "
                                + "(first results committed %.3f s); start to ready %.3f s; %d transactions, mean batch "
                                + "%.1f%n", n, w.stats().inferred(), n / (total - first), first, w.firstCommitSeconds(),
                        w.readySeconds(), w.transactionsCommitted(), w.stats().meanBatch());
                System.out.printf(Locale.ROOT, "model-call throughput %,.0f windows/s -> cost per 1M inferences %.5f at %.3f"
                        + " per instance-hour%n", w.throughput(SensorKind.VIBRATION), w.costPerMillion(SensorKind.VIBRATION),
                        price);
            }
        }
    }

    /**
     * A running cluster has its group and transaction coordinators loaded; a fresh broker creates and loads them at
     * their first use. One throw-away transaction with offsets does that, so the phases after it time the worker,
     * not the broker's first start.
     */
    private static void warmCoordinators(KafkaSettings ks) throws Exception {
        Topics warm = new Topics("cb-warm");
        TopicProvisioner.ensure(ks, warm, 1, (short) 1);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> p = KafkaClients.transactionalProducer(ks, "bench", "cb-warm");
             org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> c =
                     KafkaClients.consumer(ks, "bench", "cb-warm", 10)) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(warm.kafka(Channel.RESULTS), "k", new byte[1]));
            p.sendOffsetsToTransaction(Map.of(new org.apache.kafka.common.TopicPartition(warm.kafka(Channel.ESCALATIONS), 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)), c.groupMetadata());
            p.commitTransaction();
        }
        System.out.printf(Locale.ROOT, "broker's group and transaction coordinators created and loaded (first use) in %.0f ms%n",
                (System.nanoTime() - t0) / 1e6);
    }

    /**
     * 1,000 windows/s paced into a topic stamped with the broker's append time, one worker: per window, poll to the
     * result's acknowledgement, poll to the commit of its transaction (worker's own clocks), and the broker's append
     * of the escalation to the broker's append of its result, and to a read_committed reader beside it (ms clocks).
     */
    private static void paced(String bootstrap, KafkaSettings ks, Path model, int seconds, Delivery delivery)
            throws Exception {
        Topics paced = new Topics("cb-paced-" + delivery.displayName());
        TopicProvisioner.ensure(ks, paced, 4, (short) 1);
        try (org.apache.kafka.clients.admin.Admin admin = KafkaClients.admin(ks)) {
            var logAppend = List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("message.timestamp.type", "LogAppendTime"),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET));
            Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<org.apache.kafka.clients.admin.AlterConfigOp>>
                    ops = new java.util.HashMap<>();
            for (Channel ch : List.of(Channel.ESCALATIONS, Channel.RESULTS)) {
                ops.put(new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, paced.kafka(ch)), logAppend);
            }
            admin.incrementalAlterConfigs(ops).all().get();
        }
        CloudConfig pc = CloudConfig.of(bootstrap, paced, Map.of(SensorKind.VIBRATION, model))
                .withInstanceId("bench-paced-" + delivery.displayName()).withConfirmation(1, 1).withDelivery(delivery);
        String delay = System.getProperty("cloudbench.max-queue-delay");
        if (delay != null) {
            pc = pc.withMaxQueueDelay(Duration.parse(delay));
        }
        System.out.printf(Locale.ROOT, "paced phase, delivery %s: max queue delay %s (-Dcloudbench.max-queue-delay=PT0.001S"
                + " to change)%n", delivery.displayName(), pc.policy(SensorKind.VIBRATION).maxQueueDelay());
        int warm = Integer.getInteger("cloudbench.warmup-seconds", 30);
        List<byte[]> fresh = escalations(1000 * (seconds + warm), 64);
        Map<String, Long> appended = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> ids = new ArrayList<>(fresh.size());
        for (byte[] e : fresh) {
            ids.add(Codecs.escalation().decode(e).orElseThrow().window().correlationId().value());
        }
        Histogram toResult = new Histogram(3);
        Histogram toReader = new Histogram(3);
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong results = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> c =
                         KafkaClients.consumer(ks, "bench", "cb-reader-" + delivery.displayName(), 1000)) {
                c.subscribe(List.of(paced.kafka(Channel.RESULTS)));
                while (reading.get()) {
                    for (var r : c.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        var h = r.headers().lastHeader(dev.cascade.protocol.topic.Headers.CORRELATION_ID);
                        Long in = h == null ? null : appended.get(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
                        long n = results.incrementAndGet();
                        if (in != null && n > warm * 1000L) {
                            toResult.recordValue(Math.max(0, r.timestamp() - in) * 1000);
                            toReader.recordValue(Math.max(0, now - in) * 1000);
                        }
                    }
                }
            }
        }, "cb-reader");
        reader.start();
        try (InferenceWorkers w = InferenceWorkers.start(pc, InstantSource.system());
             KafkaProducer<String, byte[]> p = KafkaClients.producer(ks, "bench")) {
            while (!w.ready()) {
                Thread.sleep(10);
            }
            long t0 = System.nanoTime();
            Histogram warmCommit = null;
            Histogram warmProduced = null;
            for (int i = 0; i < fresh.size(); i++) {
                if (i == warm * 1000) {
                    warmCommit = w.addedLatencyMicros();
                    warmProduced = w.producedLatencyMicros();
                }
                String id = ids.get(i);
                p.send(new ProducerRecord<>(paced.kafka(Channel.ESCALATIONS), "m-" + (i % 64), fresh.get(i)),
                        (md, ex) -> {
                            if (ex == null) {
                                appended.put(id, md.timestamp());
                            }
                        });
                long due = t0 + i * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            while (w.stats().inferred() < fresh.size() || results.get() < fresh.size()) {
                Thread.sleep(5);
            }
            Histogram commit = w.addedLatencyMicros();
            commit.subtract(warmCommit);
            Histogram produced = w.producedLatencyMicros();
            produced.subtract(warmProduced);
            System.out.printf(Locale.ROOT, "paced at 1,000 windows/s for %d s after %d s of warm-up (-Dcloudbench.warmup-seconds),"
                    + " %,d windows measured, mean batch %.1f, per window:%n", seconds, warm, commit.getTotalCount(),
                    w.stats().meanBatch());
            print("  poll -> result acknowledged by the broker (worker's clock)", produced, 1e3);
            print(delivery == Delivery.TRANSACTIONAL ? "  poll -> its transaction committed (worker's clock)"
                    : "  poll -> its batch's outputs all acknowledged, offsets committed after (worker's clock)", commit, 1e3);
            print("  escalation appended -> result appended (broker's LogAppendTime, ms resolution)", toResult, 1e3);
            print("  escalation appended -> result read by a read_committed consumer (ms resolution)", toReader, 1e3);
        } finally {
            reading.set(false);
            reader.join(10_000);
        }
    }

    /**
     * The role as deployed: {@code java -jar cli/target/cascade.jar infer --config FILE} launched as a child process
     * against a Kafka already holding escalations (and already serving: coordinators loaded), timed from the launch
     * to the first result a read_committed consumer reads; twice, the second with the JVM's and the model's files
     * in the page cache ("a warm model file").
     */
    private static void process(Path model, List<byte[]> escalations) throws Exception {
        Path jar = Path.of("cli/target/cascade.jar");
        if (!Files.isRegularFile(jar)) {
            System.out.println("process phase skipped: " + jar.toAbsolutePath() + " is missing (mvn -pl cli -am package)");
            return;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0))) {
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers(), "cloud-bench");
            warmCoordinators(ks);
            for (int run = 1; run <= 2; run++) {
                Topics t = new Topics("cb-proc" + run);
                TopicProvisioner.ensure(ks, t, 4, (short) 1);
                try (KafkaProducer<String, byte[]> p = KafkaClients.producer(ks, "bench")) {
                    for (int i = 0; i < 256; i++) {
                        p.send(new ProducerRecord<>(t.kafka(Channel.ESCALATIONS), "m-" + (i % 64), escalations.get(i)));
                    }
                    p.flush();
                }
                Path dir = Files.createTempDirectory("cloudbench-proc");
                Path yaml = dir.resolve("infer.yaml");
                Files.writeString(yaml, String.join("\n",
                        "infer:",
                        "  instance-id: cb-proc-" + run,
                        "  namespace: " + t.namespace(),
                        "  group: cb-proc-" + run,
                        "  workers: 1",
                        "  models:",
                        "    vibration: " + model.toAbsolutePath(),
                        "  kafka:",
                        "    bootstrap: " + kafka.bootstrapServers(),
                        "  ops:",
                        "    port: " + dev.cascade.infra.net.FreePort.pick(),
                        ""));
                try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> c =
                             KafkaClients.consumer(ks, "bench", "cb-proc-reader-" + run, 10)) {
                    c.subscribe(List.of(t.kafka(Channel.RESULTS)));
                    c.poll(Duration.ofMillis(200)); // joined before the launch, so its own join is not timed
                    Path log = dir.resolve("infer.log");
                    long t0 = System.nanoTime();
                    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-jar", jar.toString(), "infer", "--config", yaml.toString())
                            .redirectErrorStream(true).start();
                    Thread copier = new Thread(() -> {
                        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                                java.nio.charset.StandardCharsets.UTF_8));
                             var out = Files.newBufferedWriter(log)) {
                            for (String line; (line = in.readLine()) != null; ) {
                                out.write(String.format(Locale.ROOT, "+%6d ms %s%n", (System.nanoTime() - t0) / 1_000_000, line));
                            }
                        } catch (java.io.IOException e) {
                            // the child's output is for reading after the run only
                        }
                    }, "cb-proc-log");
                    copier.setDaemon(true);
                    copier.start();
                    try {
                        long deadline = t0 + Duration.ofSeconds(60).toNanos();
                        boolean got = false;
                        while (!got && System.nanoTime() < deadline && child.isAlive()) {
                            got = !c.poll(Duration.ofMillis(5)).isEmpty();
                        }
                        double s = (System.nanoTime() - t0) / 1e9;
                        System.out.printf(Locale.ROOT, "process run %d: launch of `cascade infer` (new JVM) to its first result "
                                + "read from Kafka: %s (its output, timed: %s)%n", run, got ? String.format(Locale.ROOT, "%.3f s", s)
                                : "none within 60 s", log);
                    } finally {
                        child.destroy();
                        if (!child.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                            child.destroyForcibly();
                        }
                    }
                }
            }
        }
    }

    private static void print(String what, Histogram micros, double scale) {
        System.out.printf(Locale.ROOT, "%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                micros.getValueAtPercentile(50) / scale, micros.getValueAtPercentile(90) / scale,
                micros.getValueAtPercentile(99) / scale, micros.getMaxValue() / scale);
    }
}
