package dev.cascade.cloud.worker;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.decide.Persistence;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.scoring.Scored;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.OffsetCommitter;
import dev.cascade.transport.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud inference workers: each consumes escalations from Kafka (partitions spread over every worker of
 * the group, in this process or others), scores whatever one poll returns as micro-batches per model
 * (one ONNX Runtime call per kind), and publishes a result for every window plus the commands and alerts
 * its verdict calls for. Offsets are committed after Kafka has acknowledged everything produced from
 * them (at least once; command and alert ids derive from the window, so a replay repeats them exactly).
 * Models are opened and warmed before the workers subscribe. Thread-safe; must be closed.
 */
public final class InferenceWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceWorkers.class);
    /** Handled escalations a crash may replay (the workers skip escalations they have already scored). */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

    private final CloudConfig config;
    private final InstantSource clock;
    private final Topics topics;
    private final Map<SensorKind, ModelBundle> bundles;
    private final Outcomes outcomes;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final List<Worker> workers = new ArrayList<>();

    private final LongAdder escalations = new LongAdder();
    private final LongAdder inferred = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder alerts = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder unconfirmed = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Map<RejectReason, LongAdder> refusals = new EnumMap<>(RejectReason.class);
    private final Recorder inferMicros = new Recorder(3);
    private final Histogram inferTotal = new Histogram(3);

    private InferenceWorkers(CloudConfig config, InstantSource clock) throws ModelBundleException {
        this.config = config;
        this.clock = clock;
        this.topics = config.topics();
        this.bundles = load(config);
        for (RejectReason r : RejectReason.values()) {
            refusals.put(r, new LongAdder());
        }
        this.outcomes = new Outcomes(config.commandTtl(), config.maxIrrigation(), config.minutesPerPercent());
        KafkaSettings ks = config.kafka().withClientId(config.instanceId()).withDefaults(Map.of("max.block.ms", "10000"));
        this.producer = KafkaClients.producer(ks, "cloud-infer");
        this.deadLetters = new DeadLetters(producer, topics, "cloud-infer");
        try {
            for (int i = 0; i < config.workers(); i++) {
                workers.add(new Worker(i, ks));
            }
        } catch (ModelBundleException | RuntimeException e) {
            for (Worker w : workers) {
                w.closeResources();
            }
            producer.close(Duration.ofSeconds(5));
            throw e;
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Opens, verifies and warms the models, then starts consuming. */
    public static InferenceWorkers start(CloudConfig config, InstantSource clock) throws ModelBundleException {
        return new InferenceWorkers(config, clock);
    }

    private static Map<SensorKind, ModelBundle> load(CloudConfig config) throws ModelBundleException {
        TrustedKeys trust = null;
        if (config.trustedKeys().isPresent()) {
            try {
                trust = TrustedKeys.read(config.trustedKeys().get());
            } catch (IOException e) {
                throw new ModelBundleException(config.trustedKeys().get(), "cannot read trusted keys: " + e.getMessage(), e);
            }
        }
        Map<SensorKind, ModelBundle> out = new EnumMap<>(SensorKind.class);
        for (Map.Entry<SensorKind, Path> e : config.models().entrySet()) {
            out.put(e.getKey(), trust == null ? ModelBundle.load(e.getValue()) : ModelBundle.load(e.getValue(), trust));
        }
        return out;
    }

    private final class Worker {
        final Thread thread;
        final int index;
        private final KafkaSettings ks;
        volatile KafkaConsumer<String, byte[]> consumer;
        private OffsetCommitter committer;
        final Map<SensorKind, CloudModel> models = new EnumMap<>(SensorKind.class);
        volatile String failure;
        final Map<CorrelationId, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CorrelationId, Boolean> eldest) {
                return size() > 100_000;
            }
        };
        final Map<String, Instant> lastAction = new java.util.HashMap<>();
        final Persistence persistence = new Persistence(config.confirmAnomalies(), config.confirmWithin());
        volatile boolean running = true;

        Worker(int index, KafkaSettings ks) throws ModelBundleException {
            this.index = index;
            this.ks = ks;
            open();
            this.thread = new Thread(this::supervise, "cascade-cloud-worker-" + index);
        }

        /** Opens the models and the consumer (at construction, and again on the worker's thread after a failure). */
        private void open() throws ModelBundleException {
            // ONNX sessions are created here but used only by this worker's thread afterwards.
            for (Map.Entry<SensorKind, ModelBundle> e : bundles.entrySet()) {
                CloudModel m = CloudModel.open(e.getValue(), config.onnx());
                models.put(e.getKey(), m);
                m.warmUp(config.maxBatch());
                log.info("cloud model {} warmed on {} (worker {})", m.ref(), m.backend(), index);
            }
            this.consumer = KafkaClients.consumer(ks, "cloud-infer", config.group(), config.maxBatch());
            this.committer = new OffsetCommitter(consumer, COMMIT_INTERVAL, System::nanoTime);
            consumer.subscribe(List.of(topics.kafka(Channel.ESCALATIONS)), committer);
        }

        /**
         * Runs the poll loop; if it fails (Kafka gave up on a send, the runtime failed: never a record, which is
         * dead-lettered), logs at ERROR, counts a restart, and reopens models and consumer after a growing
         * back-off: the consumer resumes from the last committed offset, so the failed poll is retried.
         */
        void supervise() {
            long backoffMs = 200;
            while (running) {
                try {
                    if (consumer == null) {
                        open();
                    }
                    failure = null;
                    run();
                    return;
                } catch (WakeupException e) {
                    if (!running) {
                        return;
                    }
                    failure = e.toString();
                } catch (Throwable t) {
                    if (!running) {
                        return;
                    }
                    failure = t.toString();
                    restarts.increment();
                    log.error("cloud worker {} failed; restarting it in {} ms ({} restarts so far)", thread.getName(),
                            backoffMs, restarts.sum(), t);
                } finally {
                    closeResources();
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException e) {
                    return;
                }
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }

        void run() throws Exception {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(20));
                if (records.isEmpty()) {
                    continue;
                }
                List<CompletableFuture<?>> sent = new ArrayList<>();
                Map<SensorKind, List<Pending>> byKind = new EnumMap<>(SensorKind.class);
                for (ConsumerRecord<String, byte[]> r : records) {
                    Escalation e;
                    try {
                        e = accept(r, sent);
                    } catch (RuntimeException ex) {
                        log.debug("escalation {} failed", source(r), ex);
                        sent.add(refuse(r, new Rejection(RejectReason.INTERNAL_ERROR, ex.toString())));
                        e = null;
                    }
                    if (e != null) {
                        byKind.computeIfAbsent(e.window().kind(), k -> new ArrayList<>()).add(new Pending(e, r));
                    }
                }
                for (Map.Entry<SensorKind, List<Pending>> e : byKind.entrySet()) {
                    score(models.get(e.getKey()), e.getValue(), sent);
                }
                for (CompletableFuture<?> f : sent) {
                    f.get(60, TimeUnit.SECONDS);
                }
                committer.processed();
            }
        }

        private Escalation accept(ConsumerRecord<String, byte[]> r, List<CompletableFuture<?>> sent) {
            escalations.increment();
            Decoded<Escalation> d = Codecs.escalation().decode(r.value());
            if (d instanceof Decoded.Rejected<Escalation> rej) {
                sent.add(refuse(r, rej.rejection()));
                return null;
            }
            Escalation e = d.orElseThrow();
            if (recent.put(e.window().correlationId(), Boolean.TRUE) != null) {
                duplicates.increment();
                return null;
            }
            CloudModel m = models.get(e.window().kind());
            if (m == null) {
                sent.add(refuse(r, new Rejection(RejectReason.INVALID,
                        "no cloud model for kind " + e.window().kind().displayName())));
                return null;
            }
            if (!m.fits(e.window())) {
                sent.add(refuse(r, new Rejection(RejectReason.INVALID,
                        "window.samples must hold " + m.manifest().features().windowSize() + " frames of "
                                + m.manifest().features().channels() + " channel(s) for " + m.ref() + ", was "
                                + e.window().samples().frames() + " of " + e.window().samples().channels())));
                return null;
            }
            return e;
        }

        private void score(CloudModel model, List<Pending> all, List<CompletableFuture<?>> sent) {
            for (int from = 0; from < all.size(); from += config.maxBatch()) {
                List<Pending> pending = all.subList(from, Math.min(all.size(), from + config.maxBatch()));
                List<dev.cascade.protocol.window.SensorWindow> windows = new ArrayList<>(pending.size());
                for (Pending p : pending) {
                    windows.add(p.escalation().window());
                }
                long t0 = System.nanoTime();
                Scored[] scored = model.scoreAll(windows);
                List<Escalation> batch = new ArrayList<>(pending.size());
                float[] scores = new float[pending.size()];
                for (int i = 0; i < scored.length; i++) {
                    if (scored[i] instanceof Scored.Value v) {
                        scores[batch.size()] = v.score();
                        batch.add(pending.get(i).escalation());
                    } else {
                        sent.add(refuse(pending.get(i).record(),
                                new Rejection(RejectReason.NON_FINITE, ((Scored.NonFinite) scored[i]).detail())));
                    }
                }
                inferMicros.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
                batches.increment();
                inferred.add(batch.size());
                if (batch.isEmpty()) {
                    continue;
                }
                Instant now = clock.instant();
                boolean forecast = model.manifest().task() == dev.cascade.model.bundle.ModelTask.FORECAST;
                double threshold = forecast && config.irrigateBelowPct().isPresent() ? config.irrigateBelowPct().get()
                        : model.scorer().threshold();
                for (int i = 0; i < batch.size(); i++) {
                    Escalation e = batch.get(i);
                    boolean positive = forecast ? scores[i] < threshold : model.scorer().isPositive(scores[i]);
                    Verdict v = Outcomes.verdict(model.manifest().task(), positive);
                    InferenceResult result = outcomes.result(e, model.ref(), scores[i], threshold, v, now, batch.size());
                    sent.add(send(Channel.RESULTS, result.deviceId().value(), result.correlationId(),
                            Codecs.inferenceResult().encode(result)));
                    if (v == Verdict.ANOMALY && !persistence.confirm(result.deviceId(), e.window().sequence())) {
                        unconfirmed.increment();
                        continue;
                    }
                    if (v != Verdict.NORMAL && coolingDown(result, e.window().timestamp())) {
                        held.increment();
                        continue;
                    }
                    Command c = outcomes.command(result, now).orElse(null);
                    if (c != null) {
                        commands.increment();
                        sent.add(send(Channel.COMMANDS, c.header().deviceId().value(), c.header().correlationId(),
                                Codecs.command().encode(c)));
                    }
                    Alert a = outcomes.alert(result, e.window(), now).orElse(null);
                    if (a != null) {
                        alerts.increment();
                        sent.add(send(Channel.ALERTS, a.header().deviceId().value(), a.header().correlationId(),
                                Codecs.alert().encode(a)));
                    }
                }
            }
        }

        /**
         * Whether this device had a command and alert for this verdict within the cooldown, on the windows' own
         * clock (their timestamps; a device whose clock went backwards starts afresh).
         */
        private boolean coolingDown(InferenceResult r, Instant now) {
            String key = r.deviceId().value() + "/" + r.verdict().displayName();
            Instant last = lastAction.get(key);
            if (last != null && now.isBefore(last.plus(config.actionCooldown())) && !now.isBefore(last)) {
                return true;
            }
            lastAction.put(key, now);
            if (lastAction.size() > 100_000) {
                lastAction.entrySet().removeIf(e -> now.isAfter(e.getValue().plus(config.actionCooldown())));
            }
            return false;
        }

        void closeResources() {
            for (CloudModel m : models.values()) {
                m.close();
            }
            models.clear();
            KafkaConsumer<String, byte[]> c = consumer;
            consumer = null;
            if (c != null) {
                try {
                    if (committer != null) {
                        committer.flush();
                    }
                } catch (RuntimeException e) {
                    log.warn("cloud worker {} could not commit its last offsets: {}", index, e.toString());
                } finally {
                    try {
                        c.close(Duration.ofSeconds(5));
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                        // closing because the role stops: the group notices the member left by its session timeout
                        Thread.currentThread().interrupt();
                        log.debug("cloud worker {} interrupted while leaving its group", index);
                    }
                }
            }
        }
    }

    /** An escalation waiting for its model call, with the record it came in. */
    private record Pending(Escalation escalation, ConsumerRecord<String, byte[]> record) {}

    private static String source(ConsumerRecord<String, byte[]> r) {
        return "kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    /** Dead-letters a record with its reason, counted by reason. */
    private CompletableFuture<?> refuse(ConsumerRecord<String, byte[]> r, Rejection rejection) {
        refusals.get(rejection.reason()).increment();
        return deadLetters.route(source(r), r.key(), r.value(), rejection);
    }

    /** Human-readable descriptions of workers that died or are restarting; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Worker w : workers) {
            if (!w.running) {
                continue;
            }
            if (!w.thread.isAlive()) {
                out.add(w.thread.getName() + " is dead");
            } else if (w.failure != null) {
                out.add(w.thread.getName() + " is restarting after: " + w.failure);
            }
        }
        return out;
    }

    private CompletableFuture<Void> send(Channel channel, String key, CorrelationId cid, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, cid.value().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topics.kafka(channel), null, key, value, h), (md, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Counters so far. */
    public WorkerStats stats() {
        long p50;
        long p99;
        synchronized (inferTotal) {
            inferTotal.add(inferMicros.getIntervalHistogram());
            p50 = inferTotal.getTotalCount() == 0 ? 0 : inferTotal.getValueAtPercentile(50);
            p99 = inferTotal.getTotalCount() == 0 ? 0 : inferTotal.getValueAtPercentile(99);
        }
        return new WorkerStats(escalations.sum(), inferred.sum(), batches.sum(), commands.sum(), alerts.sum(),
                held.sum(), unconfirmed.sum(), duplicates.sum(), deadLetters.total(), p50, p99, deadLetteredByReason(),
                restarts.sum());
    }

    private Map<RejectReason, Long> deadLetteredByReason() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        refusals.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    /** Refusals by reason. */
    public Map<dev.cascade.protocol.codec.RejectReason, Long> rejections() {
        return deadLetters.counts();
    }

    /** Whether the workers may be sent work: models warmed (done at start), every worker running, the group joined. */
    public boolean ready() {
        boolean joined = false;
        for (Worker w : workers) {
            if (!w.thread.isAlive()) {
                return false;
            }
            joined |= w.committer.joined();
        }
        return joined;
    }

    /** Escalations behind the end of the topic, summed over this process's consumers. */
    public long consumerLag() {
        long lag = 0;
        for (Worker w : workers) {
            lag += dev.cascade.transport.kafka.ConsumerLag.records(w.consumer);
        }
        return lag;
    }

    /** The backend each kind's model runs on (e.g. {@code onnxruntime/cpu}). */
    public Map<SensorKind, String> backends() {
        Map<SensorKind, String> out = new EnumMap<>(SensorKind.class);
        for (Worker w : workers) {
            w.models.forEach((k, m) -> out.putIfAbsent(k, m.backend()));
        }
        return out;
    }

    @Override
    public void close() {
        // A worker with a consumer is woken from its poll and leaves its group cleanly (an interrupt would abort the
        // leave); one without is between restarts, asleep, and is interrupted.
        for (Worker w : workers) {
            w.running = false;
            KafkaConsumer<String, byte[]> c = w.consumer;
            if (c != null) {
                c.wakeup();
            } else {
                w.thread.interrupt();
            }
        }
        for (Worker w : workers) {
            try {
                w.thread.join(10_000);
                if (w.thread.isAlive()) {
                    w.thread.interrupt();
                    w.thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}
