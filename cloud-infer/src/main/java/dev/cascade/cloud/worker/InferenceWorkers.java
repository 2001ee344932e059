package dev.cascade.cloud.worker;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.Delivery;
import dev.cascade.cloud.failure.FailureClass;
import dev.cascade.cloud.failure.Failures;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.features.ParallelFeatures;
import dev.cascade.cloud.registry.LiveModels;
import dev.cascade.cloud.registry.ModelWatcher;
import dev.cascade.cloud.registry.RegistrySettings;
import dev.cascade.cloud.shadow.ShadowStats;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloud inference workers: each consumes escalations from Kafka (partitions spread over every worker of the group,
 * in this process or others, by the broker's incremental, cooperative assignment), queues them per model across
 * polls and partitions until a batch is full or its oldest window waited the model's longest queue delay (a
 * dynamic batcher), scores each batch in one ONNX Runtime call, and publishes a result for every window plus the
 * commands and alerts its verdict calls for. What one flush produced and the offsets it consumed are committed in
 * one Kafka transaction (exactly once in effect for {@code read_committed} readers). A model failing on a batch is
 * retried window by window and the culprit dead-lettered; a retriable Kafka failure aborts the transaction and the
 * same records are read again; a fatal one (fenced, refused credentials) stops the workers and is reported to the
 * fatal handler. Models are opened and warmed before the workers subscribe. With a registry
 * ({@link CloudConfig#registry()}) a promoted version is swapped in by each worker between two batches, and a shadow
 * version is scored on the same batches and compared ({@link #shadowStats()}); a batch's FFT features are computed on
 * {@link CloudConfig#featureThreadCount()} threads. Thread-safe; must be closed.
 */
public final class InferenceWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceWorkers.class);

    final CloudConfig config;
    final InstantSource clock;
    /** The fixed bundles of the kinds not taken from the registry. */
    private final Map<SensorKind, ModelBundle> fixed;
    private final ModelWatcher watcher;
    private final ScheduledExecutorService registryThread;
    private volatile LiveModels models;
    final ParallelFeatures features;
    final ShadowStats shadows;
    final LongAdder swapFailures = new LongAdder();
    final Outcomes outcomes;
    private final List<Worker> workers = new ArrayList<>();
    private final Consumer<String> onFatal;
    private final AtomicBoolean fatalReported = new AtomicBoolean();
    volatile String fatal;
    volatile BatchObserver observer = BatchObserver.NONE;

    final LongAdder escalations = new LongAdder();
    final LongAdder inferred = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder commands = new LongAdder();
    final LongAdder alerts = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder held = new LongAdder();
    final LongAdder unconfirmed = new LongAdder();
    final LongAdder restarts = new LongAdder();
    final LongAdder isolated = new LongAdder();
    final LongAdder aborted = new LongAdder();
    final LongAdder transactions = new LongAdder();
    final LongAdder routedCpu = new LongAdder();
    final LongAdder routedGpu = new LongAdder();
    private final Map<RejectReason, LongAdder> refusals = new EnumMap<>(RejectReason.class);
    private final Map<SensorKind, LongAdder> kindWindows = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, LongAdder> kindCallNanos = new EnumMap<>(SensorKind.class);
    private final LatencyMeter modelCalls = new LatencyMeter();
    private final List<Consumer<LiveModels>> modelListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final LatencyMeter added = new LatencyMeter();
    private final LatencyMeter produced = new LatencyMeter();
    private final long startNanos;
    private final AtomicLong firstInferenceNanos = new AtomicLong(-1);
    private final AtomicLong firstCommitNanos = new AtomicLong(-1);
    private final AtomicLong readyNanos = new AtomicLong(-1);

    private InferenceWorkers(CloudConfig config, InstantSource clock, Consumer<String> onFatal)
            throws ModelBundleException {
        this.startNanos = System.nanoTime();
        this.config = config;
        this.clock = clock;
        this.onFatal = onFatal;
        TrustedKeys trust = trust(config);
        this.fixed = load(config, trust);
        for (RejectReason r : RejectReason.values()) {
            refusals.put(r, new LongAdder());
        }
        for (SensorKind k : SensorKind.values()) {
            kindWindows.put(k, new LongAdder());
            kindCallNanos.put(k, new LongAdder());
        }
        this.outcomes = new Outcomes(config.commandTtl(), config.maxIrrigation(), config.minutesPerPercent());
        this.watcher = config.registry().isPresent()
                ? new ModelWatcher(config.registry().get(), trust, this::trial) : null;
        this.models = merged();
        this.shadows = new ShadowStats(models.live().keySet());
        int threads = config.featureThreadCount();
        this.features = threads > 1 ? new ParallelFeatures(threads, "cascade-cloud-features") : null;
        // A worker killed inside a transaction blocks read_committed readers of the partitions it wrote until the
        // transaction times out (or the same instance restarts and fences it): keep that short.
        KafkaSettings ks = config.kafka().withClientId(config.instanceId())
                .withDefaults(Map.of("max.block.ms", "10000", "transaction.timeout.ms", "10000",
                        // A transaction's first request right after the previous commit may meet its markers still
                        // being written (CONCURRENT_TRANSACTIONS) and is retried after this back-off (then doubling up
                        // to retry.backoff.max.ms): at the client's 100 ms default that retry was the p99 of the
                        // poll-to-commit time at 1,000 windows/s.
                        "retry.backoff.ms", "10"));
        try {
            for (int i = 0; i < config.workers(); i++) {
                workers.add(new Worker(this, i, ks));
            }
        } catch (ModelBundleException | RuntimeException e) {
            for (Worker w : workers) {
                w.closeAll();
                w.closeShadowLane();
            }
            if (features != null) {
                features.close();
            }
            throw e;
        }
        if (watcher != null) {
            RegistrySettings r = watcher.settings();
            registryThread = Executors.newSingleThreadScheduledExecutor(t -> {
                Thread th = new Thread(t, "cascade-cloud-registry");
                th.setDaemon(true);
                return th;
            });
            registryThread.scheduleWithFixedDelay(this::pollRegistry, r.pollInterval().toMillis(),
                    r.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            registryThread.scheduleAtFixedRate(shadows.reporter(e -> log.warn("shadow report failed", e)),
                    r.shadowReportInterval().toMillis(), r.shadowReportInterval().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            registryThread = null;
        }
        log.info("cloud-infer {}: {} worker(s), delivery {}", config.instanceId(), config.workers(),
                config.delivery() == Delivery.TRANSACTIONAL
                        ? "transactional (each batch's outputs and offsets in one Kafka transaction)"
                        : "at-least-once (outputs readable once acknowledged; after a crash a result may repeat)");
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Opens, verifies and warms the models, then starts consuming; a fatal failure is logged and shown in problems. */
    public static InferenceWorkers start(CloudConfig config, InstantSource clock) throws ModelBundleException {
        return new InferenceWorkers(config, clock, m -> {});
    }

    /**
     * As {@link #start(CloudConfig, InstantSource)}, calling {@code onFatal} once (from a worker thread) with a clear
     * message when a failure no retry can cure stops the workers; a process should then exit non-zero.
     */
    public static InferenceWorkers start(CloudConfig config, InstantSource clock, Consumer<String> onFatal)
            throws ModelBundleException {
        if (onFatal == null) {
            throw new IllegalArgumentException("onFatal must not be null");
        }
        return new InferenceWorkers(config, clock, onFatal);
    }

    private static TrustedKeys trust(CloudConfig config) throws ModelBundleException {
        if (config.trustedKeys().isEmpty()) {
            return null;
        }
        try {
            return TrustedKeys.read(config.trustedKeys().get());
        } catch (IOException e) {
            throw new ModelBundleException(config.trustedKeys().get(), "cannot read trusted keys: " + e.getMessage(), e);
        }
    }

    private static Map<SensorKind, ModelBundle> load(CloudConfig config, TrustedKeys trust) throws ModelBundleException {
        Map<SensorKind, ModelBundle> out = new EnumMap<>(SensorKind.class);
        for (Map.Entry<SensorKind, Path> e : config.models().entrySet()) {
            out.put(e.getKey(), trust == null ? ModelBundle.load(e.getValue()) : ModelBundle.load(e.getValue(), trust));
        }
        return out;
    }

    /** Opens a candidate bundle as a worker would and runs a warm-up batch through it; throws if it cannot score. */
    private void trial(SensorKind kind, ModelBundle bundle) throws ModelBundleException {
        try (CloudModel m = CloudModel.open(bundle, config.onnx())) {
            m.warmUp(config.policy(kind).maxBatch());
        }
    }

    private void pollRegistry() {
        try {
            watcher.poll();
            LiveModels m = merged();
            if (m.generation() != models.generation()) {
                models = m;
                for (Consumer<LiveModels> l : modelListeners) {
                    l.accept(m);
                }
            }
        } catch (RuntimeException e) {
            log.warn("registry poll failed; the models running stay: {}", e.toString());
        }
    }

    private LiveModels merged() {
        if (watcher == null) {
            return LiveModels.fixed(fixed);
        }
        LiveModels w = watcher.current();
        Map<SensorKind, ModelBundle> live = new EnumMap<>(SensorKind.class);
        live.putAll(fixed);
        live.putAll(w.live());
        return new LiveModels(w.generation(), live, w.shadow());
    }

    /** The bundles the workers should run now (they swap to a new generation between two batches). */
    public LiveModels models() {
        return models;
    }

    /** The live version scoring each kind now. */
    public Map<SensorKind, dev.cascade.protocol.model.ModelRef> liveModels() {
        Map<SensorKind, dev.cascade.protocol.model.ModelRef> out = new EnumMap<>(SensorKind.class);
        models.live().forEach((k, b) -> out.put(k, new dev.cascade.protocol.model.ModelRef(b.manifest().name(),
                b.manifest().version())));
        return out;
    }

    /** The registry being followed, if the workers follow one. */
    public java.util.Optional<ModelWatcher> registry() {
        return java.util.Optional.ofNullable(watcher);
    }

    /** How shadow models disagree with the live ones. */
    public ShadowStats shadowStats() {
        return shadows;
    }

    /** Times a worker could not open a newly promoted bundle and kept the previous one. */
    public long swapFailures() {
        return swapFailures.sum();
    }

    /** Applies what a committed transaction did to the process's counts. */
    void committed(Tally t) {
        transactions.increment();
        escalations.add(t.escalations);
        inferred.add(t.inferred);
        commands.add(t.commands);
        alerts.add(t.alerts);
        duplicates.add(t.duplicates);
        held.add(t.held);
        unconfirmed.add(t.unconfirmed);
        isolated.add(t.isolated);
        routedCpu.add(t.routedCpu);
        routedGpu.add(t.routedGpu);
        t.refused.forEach((r, n) -> refusals.get(r).add(n));
        BatchObserver o = observer;
        for (Tally.BatchDone b : t.batchesDone) {
            batches.increment();
            kindWindows.get(b.kind()).add(b.size());
            kindCallNanos.get(b.kind()).add(b.callNanos());
            modelCalls.record(b.callNanos());
            o.batch(b.kind(), b.size(), b.waitedNanos(), b.callNanos());
        }
        if (!t.batchesDone.isEmpty()) {
            firstCommitNanos.compareAndSet(-1, System.nanoTime() - startNanos);
        }
    }

    /** A worker received its first assignment. */
    void joined() {
        for (Worker w : workers) {
            if (!w.joined()) {
                return;
            }
        }
        readyNanos.compareAndSet(-1, System.nanoTime() - startNanos);
    }

    /**
     * One scored window went from its poll to the moment its result became readable in {@code nanos}: its
     * transaction's commit, or under at-least-once the acknowledgement of its batch's outputs.
     */
    void addedLatency(long nanos) {
        added.record(nanos);
    }

    /** One committed window's result was acknowledged by the broker {@code nanos} after its record was polled. */
    void producedLatency(long nanos) {
        produced.record(nanos);
    }

    /** A worker's model produced its first scores on real windows. */
    void scored() {
        if (firstInferenceNanos.get() < 0) {
            firstInferenceNanos.compareAndSet(-1, System.nanoTime() - startNanos);
        }
    }

    /**
     * Time the workers added to each scored window, from the poll that returned its record to the commit of the
     * transaction holding its result (when read_committed readers see it), in microseconds, since start.
     */
    public Histogram addedLatencyMicros() {
        return added.sinceStart();
    }

    /**
     * Time from the poll that returned a scored window's record to the broker's acknowledgement of its result
     * (appended, not yet committed), in microseconds, since start; windows of committed transactions only.
     */
    public Histogram producedLatencyMicros() {
        return produced.sinceStart();
    }

    /** A worker met a failure no retry can cure: stop every worker, tell the handler once. */
    void fatal(int worker, Throwable cause) {
        String message = "cloud worker " + worker + " hit a fatal failure, stopping the workers: "
                + Failures.describe(cause);
        fatal = message;
        log.error(message, cause);
        for (Worker w : workers) {
            w.running = false;
            w.wakeup();
        }
        if (fatalReported.compareAndSet(false, true)) {
            onFatal.accept(message);
        }
    }

    /** Human-readable descriptions of workers that died, are restarting or stopped on a fatal failure; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        String f = fatal;
        if (f != null) {
            out.add(f);
        }
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

    /** Receives every committed batch from now on (the metrics' histograms); replaces the previous observer. */
    public void observe(BatchObserver o) {
        if (o == null) {
            throw new IllegalArgumentException("observer must not be null");
        }
        observer = o;
    }

    /** Counters so far (counted when their transaction committed). */
    public WorkerStats stats() {
        Histogram calls = modelCalls.sinceStart();
        long p50 = calls.getTotalCount() == 0 ? 0 : calls.getValueAtPercentile(50);
        long p99 = calls.getTotalCount() == 0 ? 0 : calls.getValueAtPercentile(99);
        Map<RejectReason, Long> byReason = rejections();
        long dead = 0;
        for (long n : byReason.values()) {
            dead += n;
        }
        return new WorkerStats(escalations.sum(), inferred.sum(), batches.sum(), commands.sum(), alerts.sum(),
                held.sum(), unconfirmed.sum(), duplicates.sum(), dead, p50, p99, byReason, restarts.sum());
    }

    /** Refusals by reason (every reason present), one count per dead-lettered escalation. */
    public Map<RejectReason, Long> rejections() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        refusals.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    /** Windows retried singly after their batch's model call failed, and dead-lettered because they failed alone. */
    public long isolatedFailures() {
        return isolated.sum();
    }

    /** Windows scored on each path ({@code cpu}, {@code gpu}) by the routing rule. */
    public Map<String, Long> routed() {
        return Map.of("cpu", routedCpu.sum(), "gpu", routedGpu.sum());
    }

    /** Transactions committed and aborted (each abort is retried from the last committed offsets). */
    public long transactionsCommitted() {
        return transactions.sum();
    }

    public long transactionsAborted() {
        return aborted.sum();
    }

    /** Seconds from start to the first model call on real windows (scores out of the model); -1 before it. */
    public double firstInferenceSeconds() {
        long n = firstInferenceNanos.get();
        return n < 0 ? -1 : n / 1e9;
    }

    /** Seconds from start to the commit of the first transaction holding results; -1 before it. */
    public double firstCommitSeconds() {
        long n = firstCommitNanos.get();
        return n < 0 ? -1 : n / 1e9;
    }

    /** Seconds from start to every worker's first assignment (models warmed before); -1 before it. */
    public double readySeconds() {
        long n = readyNanos.get();
        return n < 0 ? -1 : n / 1e9;
    }

    /**
     * Windows one instance scores per second of model-call time when saturated, for one kind: windows scored over
     * seconds spent in that kind's model calls, times the worker threads; 0 before any.
     */
    public double throughput(SensorKind kind) {
        long nanos = kindCallNanos.get(kind).sum();
        return nanos == 0 ? 0 : kindWindows.get(kind).sum() / (nanos / 1e9) * config.workers();
    }

    /** Cost of 1M inferences of one kind at the measured {@link #throughput} and the configured instance price; 0 when unknown. */
    public double costPerMillion(SensorKind kind) {
        double perSecond = throughput(kind);
        return perSecond == 0 ? 0 : dev.cascade.cloud.cost.CostModel.perMillion(config.pricePerInstanceHour(), perSecond);
    }

    /** Whether the workers may be sent work: models warmed (done at start), every worker running, the group joined. */
    public boolean ready() {
        boolean joined = false;
        for (Worker w : workers) {
            if (!w.thread.isAlive() || !w.running) {
                return false;
            }
            joined |= w.joined();
        }
        return joined;
    }

    /** Escalations behind the end of the topic, summed over this process's consumers. */
    public long consumerLag() {
        long lag = 0;
        for (Worker w : workers) {
            lag += w.lag();
        }
        return lag;
    }

    /** How many worker threads score {@code kind} with {@code ref} now (0 once they all swapped to another version). */
    public int workersRunning(SensorKind kind, dev.cascade.protocol.model.ModelRef ref) {
        int n = 0;
        for (Worker w : workers) {
            if (ref.equals(w.scoringWith().get(kind))) {
                n++;
            }
        }
        return n;
    }

    /** Tells {@code listener} the models now and each new generation the registry brings (on the registry's thread). */
    public void observeModels(Consumer<LiveModels> listener) {
        modelListeners.add(listener);
        listener.accept(models);
    }

    /** The backend each kind's model runs on (e.g. {@code onnxruntime/cpu}). */
    public Map<SensorKind, String> backends() {
        Map<SensorKind, String> out = new EnumMap<>(SensorKind.class);
        for (Worker w : workers) {
            w.backends().forEach(out::putIfAbsent);
        }
        return out;
    }

    /** The kinds with a model. */
    public java.util.Set<SensorKind> kinds() {
        return models.live().keySet();
    }

    @Override
    public void close() {
        // A worker with a consumer is woken from its poll and leaves its group cleanly (an interrupt would abort the
        // leave); one without is between restarts, asleep, and is interrupted.
        for (Worker w : workers) {
            w.running = false;
            w.wakeup();
        }
        for (Worker w : workers) {
            if (w.thread == Thread.currentThread()) {
                continue;
            }
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
        if (registryThread != null) {
            registryThread.shutdownNow();
            try {
                registryThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (features != null) {
            features.close();
        }
    }

    /** How one failure of a worker's loop is handled. */
    static FailureClass classify(Throwable t) {
        return Failures.classify(t);
    }
}
