package dev.cascade.bench.pipeline;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.cost.CostModel;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.cloud.worker.InferenceWorkers;
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
 * workers through a real in-process Kafka (throughput, start to first inference); the time the workers add per
 * window at 1,000 windows/s (poll to transaction commit). Usage: {@code CloudBench MODEL_DIR [SECONDS] [PRICE]}.
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
        if (phases.contains("kafka")) {
            kafka(model, escalations, seconds, price);
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
    private static void kafka(Path model, List<byte[]> escalations, int seconds, double price) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0))) {
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers(), "cloud-bench");
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
            CloudConfig config = CloudConfig.of(kafka.bootstrapServers(), backlog, Map.of(SensorKind.VIBRATION, model))
                    .withMaxBatch(256).withInstanceId("bench-backlog").withConfirmation(1, 1);
            long started = System.nanoTime();
            try (InferenceWorkers w = InferenceWorkers.start(config, InstantSource.system())) {
                while (w.stats().escalations() < n) {
                    Thread.sleep(5);
                }
                double total = (System.nanoTime() - started) / 1e9;
                double first = w.firstInferenceSeconds();
                System.out.printf(Locale.ROOT, "through Kafka, 1 worker, backlog of %,d (%,d windows scored): "
                                + "%,.0f escalations/s after the first inference; worker start to first inference %.3f s; "
                                + "start to ready %.3f s; %d transactions, mean batch %.1f%n", n, w.stats().inferred(),
                        n / (total - first), first, w.readySeconds(), w.transactionsCommitted(), w.stats().meanBatch());
                System.out.printf(Locale.ROOT, "model-call throughput %,.0f windows/s -> cost per 1M inferences %.5f at %.3f"
                        + " per instance-hour%n", w.throughput(SensorKind.VIBRATION), w.costPerMillion(SensorKind.VIBRATION),
                        price);
            }
            Topics paced = new Topics("cb-paced");
            TopicProvisioner.ensure(ks, paced, 4, (short) 1);
            CloudConfig pc = CloudConfig.of(kafka.bootstrapServers(), paced, Map.of(SensorKind.VIBRATION, model))
                    .withInstanceId("bench-paced").withConfirmation(1, 1);
            List<byte[]> fresh = escalations(1000 * (seconds + 3), 64);
            try (InferenceWorkers w = InferenceWorkers.start(pc, InstantSource.system());
                 KafkaProducer<String, byte[]> p = KafkaClients.producer(ks, "bench")) {
                while (!w.ready()) {
                    Thread.sleep(10);
                }
                long t0 = System.nanoTime();
                Histogram warm = null;
                for (int i = 0; i < fresh.size(); i++) {
                    if (i == 3000) {
                        warm = w.addedLatencyMicros();
                    }
                    p.send(new ProducerRecord<>(paced.kafka(Channel.ESCALATIONS), "m-" + (i % 64), fresh.get(i)));
                    long due = t0 + i * 1_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                while (w.stats().inferred() < fresh.size()) {
                    Thread.sleep(5);
                }
                Histogram h = w.addedLatencyMicros();
                h.subtract(warm);
                System.out.printf(Locale.ROOT, "paced at 1,000 windows/s for %d s (first 3 s discarded), poll to transaction "
                                + "commit per window: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d windows; mean batch %.1f%n",
                        seconds, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3,
                        h.getTotalCount(), w.stats().meanBatch());
            }
        }
    }
}
