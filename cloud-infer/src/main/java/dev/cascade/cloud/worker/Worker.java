package dev.cascade.cloud.worker;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.Delivery;
import dev.cascade.cloud.batch.BatchPolicy;
import dev.cascade.cloud.batch.DynamicBatcher;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.decide.Persistence;
import dev.cascade.cloud.failure.FailureClass;
import dev.cascade.cloud.failure.Failures;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.cloud.registry.LiveModels;
import dev.cascade.cloud.shadow.ShadowBatch;
import dev.cascade.cloud.shadow.ShadowLane;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.scoring.Scored;
import dev.cascade.ops.logging.LogContext;
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
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.transport.kafka.CorrelationHeader;
import dev.cascade.transport.kafka.ConsumerLag;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consume-transform-produce loop: its own consumer, producer and ONNX sessions, all used from its thread only.
 * Under {@link Delivery#TRANSACTIONAL} the producer is transactional ({@code transactional.id} = instance id + worker
 * index, so a restarted instance fences its predecessor); under {@link Delivery#AT_LEAST_ONCE} it is idempotent and
 * offsets are committed once every output of them was acknowledged. Supervised: a failure of the loop that is not
 * fatal restarts it with a growing back-off.
 */
final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /**
     * The poll timeout from joining until records flow: a poll that began before the assignment only looks up the
     * new partitions' positions when it ends, so a long one delays the first fetch by its whole length.
     */
    private static final Duration JOINING_POLL = Duration.ofMillis(5);
    private static final long JOINING_NANOS = Duration.ofSeconds(2).toNanos();
    /** The shadow lane holds at most this many of the largest batches before it skips. */
    private static final int SHADOW_QUEUE_BATCHES = 4;
    private static final Duration SHADOW_CLOSE_WAIT = Duration.ofSeconds(10);

    final Thread thread;
    final int index;
    volatile boolean running = true;
    volatile String failure;

    private final InferenceWorkers owner;
    private final CloudConfig config;
    private final KafkaSettings ks;
    private final String topic;
    private final Map<SensorKind, CloudModel> models = new EnumMap<>(SensorKind.class);
    /** A CPU session of each model whose main session runs on CUDA, for light batches. */
    private final Map<SensorKind, CloudModel> cpuModels = new EnumMap<>(SensorKind.class);
    /**
     * The candidate model scored beside the live one on the same batches, for the kinds that have one: opened, used
     * and closed on the shadow lane's thread only.
     */
    private final Map<SensorKind, CloudModel> shadows = new EnumMap<>(SensorKind.class);
    private final ShadowLane shadowLane;
    /** The bundles the sessions above were opened from, and the generation of the models they belong to. */
    private final Map<SensorKind, ModelBundle> openedLive = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, ModelBundle> openedShadow = new EnumMap<>(SensorKind.class);
    private long generation = -1;
    private volatile Map<SensorKind, String> backends = Map.of();
    /** The version each kind is scored with on this worker now (it changes between two batches). */
    private volatile Map<SensorKind, dev.cascade.protocol.model.ModelRef> scoringWith = Map.of();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private DeadLetters deadLetters;
    private final boolean transactional;
    /** At least once: the first failed send (output or dead letter) since the last flush, set on the producer's thread. */
    private volatile Exception sendFailure;
    private final org.apache.kafka.clients.producer.Callback sendFailures = (md, e) -> {
        if (e != null && sendFailure == null) {
            sendFailure = e;
        }
    };
    private volatile boolean joined;
    private long joinedNanos;
    private boolean flowing;

    private final DynamicBatcher<SensorKind, Pending> batcher;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final Tally tally = new Tally();
    private final Map<CorrelationId, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CorrelationId, Boolean> eldest) {
            return size() > 100_000;
        }
    };
    private final Map<String, Instant> lastAction = new HashMap<>();
    private final Persistence persistence;

    Worker(InferenceWorkers owner, int index, KafkaSettings ks) throws ModelBundleException {
        this.owner = owner;
        this.config = owner.config;
        this.index = index;
        this.ks = ks;
        this.topic = config.topics().kafka(Channel.ESCALATIONS);
        this.persistence = new Persistence(config.confirmAnomalies(), config.confirmWithin());
        this.transactional = config.delivery() == Delivery.TRANSACTIONAL;
        Map<SensorKind, BatchPolicy> policies = new EnumMap<>(SensorKind.class);
        for (SensorKind k : owner.kinds()) {
            policies.put(k, config.policy(k));
        }
        this.batcher = new DynamicBatcher<>(policies, System::nanoTime);
        this.thread = new Thread(this::supervise, "cascade-cloud-worker-" + index);
        this.shadowLane = new ShadowLane("cascade-cloud-shadow-" + index, SHADOW_QUEUE_BATCHES * config.largestBatch());
        try {
            open();
        } catch (ModelBundleException | RuntimeException e) {
            shadowLane.close();
            throw e;
        }
    }

    /**
     * Opens and warms the models while the transactional producer registers with its coordinator, then the consumer
     * (which joins the group at its first poll, so only warmed models are ever assigned partitions).
     */
    private void open() throws ModelBundleException {
        java.util.concurrent.CompletableFuture<Void> registered = null;
        try {
            if (transactional) {
                producer = KafkaClients.transactionalProducer(ks, "cloud-infer", config.instanceId() + "-worker-" + index);
                KafkaProducer<String, byte[]> p = producer;
                registered = java.util.concurrent.CompletableFuture.runAsync(p::initTransactions,
                        r -> new Thread(r, "cascade-cloud-txn-init-" + index).start());
            } else {
                // Each flush waits for its outputs' acknowledgements before committing offsets: lingering would only
                // delay them.
                producer = KafkaClients.producer(ks.withDefaults(Map.of("linger.ms", "0")), "cloud-infer");
                registered = java.util.concurrent.CompletableFuture.completedFuture(null);
            }
            LiveModels now = owner.models();
            for (Map.Entry<SensorKind, ModelBundle> e : now.live().entrySet()) {
                putLive(e.getKey(), e.getValue(), openLive(e.getKey(), e.getValue()));
            }
            for (Map.Entry<SensorKind, ModelBundle> e : now.shadow().entrySet()) {
                openShadow(e.getKey(), e.getValue());
            }
            generation = now.generation();
            Map<SensorKind, String> b = new EnumMap<>(SensorKind.class);
            models.forEach((k, m) -> b.put(k, m.backend()));
            backends = Map.copyOf(b);
            scoringWith = refs();
            awaitRegistration(registered);
            deadLetters = new DeadLetters(producer, config.topics(), "cloud-infer");
            consumer = KafkaClients.consumer(ks, "cloud-infer", config.group(), config.largestBatch());
            consumer.subscribe(List.of(topic), new Rebalance());
        } catch (ModelBundleException | RuntimeException e) {
            if (registered != null) {
                try {
                    registered.join(); // bounded by max.block.ms; the producer is closed below either way
                } catch (RuntimeException ignored) {
                    // the failure that matters is e
                }
            }
            closeAll();
            throw e;
        }
    }

    /** Waits for {@code initTransactions}, rethrowing its own failure (fenced, timed out, unauthorized) as it was. */
    private static void awaitRegistration(java.util.concurrent.CompletableFuture<Void> registered) {
        try {
            registered.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A kind's live session (and its CPU twin when the main one runs on CUDA), opened and warmed. */
    private Opened openLive(SensorKind kind, ModelBundle bundle) throws ModelBundleException {
        CloudModel m = CloudModel.open(bundle, config.onnx(), owner.features);
        CloudModel cpu = null;
        try {
            m.warmUp(config.policy(kind).maxBatch());
            if (m.backend().endsWith("/cuda")) {
                cpu = CloudModel.open(bundle, new dev.cascade.model.onnx.OnnxOptions(
                        dev.cascade.model.onnx.OnnxOptions.Accelerator.CPU, 0, config.onnx().intraOpThreads()),
                        owner.features);
                cpu.warmUp(config.gpuMinBatch());
            }
        } catch (RuntimeException e) {
            m.close();
            if (cpu != null) {
                cpu.close();
            }
            throw e;
        }
        log.info("cloud model {} warmed on {} (worker {})", m.ref(), m.backend(), index);
        return new Opened(m, cpu);
    }

    private void putLive(SensorKind kind, ModelBundle bundle, Opened o) {
        CloudModel oldMain = models.put(kind, o.main());
        CloudModel oldCpu = o.cpu() == null ? cpuModels.remove(kind) : cpuModels.put(kind, o.cpu());
        openedLive.put(kind, bundle);
        if (oldMain != null) {
            oldMain.close();
        }
        if (oldCpu != null) {
            oldCpu.close();
        }
    }

    /**
     * Opens a shadow session on the shadow lane (the worker goes on meanwhile; batches offered before it is warm wait
     * behind it on the lane). A failure is logged and counted, and the kind goes without a shadow.
     */
    private void openShadow(SensorKind kind, ModelBundle bundle) {
        openedShadow.put(kind, bundle);
        shadowLane.control(() -> openShadowNow(kind, bundle));
    }

    private void closeShadow(SensorKind kind) {
        shadowLane.control(() -> {
            CloudModel old = shadows.remove(kind);
            if (old != null) {
                old.close();
            }
        });
    }

    /** On the shadow lane. */
    private void openShadowNow(SensorKind kind, ModelBundle bundle) {
        CloudModel old = shadows.remove(kind);
        if (old != null) {
            old.close();
        }
        try {
            CloudModel m = CloudModel.open(bundle, config.onnx(), owner.features);
            try {
                m.warmUp(config.policy(kind).maxBatch());
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
            shadows.put(kind, m);
        } catch (ModelBundleException | RuntimeException e) {
            owner.shadows.failed(kind);
            log.warn("cloud worker {}: shadow {} cannot be opened, scoring without it: {}", index,
                    bundle.manifest().ref(), e.toString());
        }
    }

    /**
     * Swaps to the models' newest generation, between two batches: each changed kind's new session is opened and warmed
     * before the old one is closed, so every batch is scored whole by one version. A new live session that cannot be
     * opened leaves the old one running (logged, counted).
     */
    private void sync() {
        LiveModels now = owner.models();
        if (now.generation() == generation) {
            return;
        }
        for (Map.Entry<SensorKind, ModelBundle> e : now.live().entrySet()) {
            if (openedLive.get(e.getKey()) != e.getValue()) {
                try {
                    long t0 = System.nanoTime();
                    String was = models.get(e.getKey()).ref().toString();
                    putLive(e.getKey(), e.getValue(), openLive(e.getKey(), e.getValue()));
                    log.info("cloud worker {} now scores {} windows with {} instead of {} (opened and warmed in {} ms,"
                                    + " between two batches)", index, e.getKey().displayName(), e.getValue().manifest().ref(),
                            was, (System.nanoTime() - t0) / 1_000_000);
                } catch (ModelBundleException | RuntimeException ex) {
                    owner.swapFailures.increment();
                    log.error("cloud worker {} cannot open {}; {} stays live: {}", index, e.getValue().manifest().ref(),
                            models.get(e.getKey()).ref(), ex.toString());
                }
            }
        }
        for (SensorKind k : List.copyOf(openedShadow.keySet())) {
            if (!now.shadow().containsKey(k)) {
                openedShadow.remove(k);
                closeShadow(k);
            }
        }
        for (Map.Entry<SensorKind, ModelBundle> e : now.shadow().entrySet()) {
            if (openedShadow.get(e.getKey()) != e.getValue()) {
                openShadow(e.getKey(), e.getValue());
            }
        }
        generation = now.generation();
        Map<SensorKind, String> b = new EnumMap<>(SensorKind.class);
        models.forEach((k, m) -> b.put(k, m.backend()));
        backends = Map.copyOf(b);
        scoringWith = refs();
    }

    private Map<SensorKind, dev.cascade.protocol.model.ModelRef> refs() {
        Map<SensorKind, dev.cascade.protocol.model.ModelRef> r = new EnumMap<>(SensorKind.class);
        models.forEach((k, m) -> r.put(k, m.ref()));
        return Map.copyOf(r);
    }

    /** Runs the loop; restarts it after a failure that is not fatal, reopening models and clients after a back-off. */
    private void supervise() {
        try {
            superviseLoop();
        } finally {
            shadowLane.close();
        }
    }

    private void superviseLoop() {
        long backoffMs = 200;
        while (running) {
            try {
                if (consumer == null) {
                    open();
                }
                failure = null;
                run();
                return;
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                Throwable cause = t instanceof Fatal f ? f.getCause() : t;
                if (t instanceof Fatal || Failures.classify(t) == FailureClass.FATAL || hasFatal(t)) {
                    closeAll();
                    owner.fatal(index, cause);
                    return;
                }
                failure = t.toString();
                owner.restarts.increment();
                log.error("cloud worker {} failed; restarting it in {} ms ({} restarts so far)", thread.getName(),
                        backoffMs, owner.restarts.sum(), t);
            } finally {
                if (consumer != null && (!running || failure != null)) {
                    closeAll();
                }
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(30_000, backoffMs * 2);
        }
    }

    private static boolean hasFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Fatal) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        long retryMs = 50;
        while (running) {
            try {
                long until = batcher.nanosUntilDue();
                Duration idle = flowing || (joined && System.nanoTime() - joinedNanos > JOINING_NANOS) ? IDLE_POLL
                        : JOINING_POLL;
                Duration wait = batcher.size() == 0 ? idle
                        : Duration.ofNanos(Math.max(0, Math.min(until, idle.toNanos())));
                ConsumerRecords<String, byte[]> records = consumer.poll(wait);
                flowing |= !records.isEmpty();
                for (ConsumerRecord<String, byte[]> r : records) {
                    take(r);
                }
                if (!offsets.isEmpty() && (batcher.size() == 0 || batcher.due())) {
                    flush();
                }
                retryMs = 50;
            } catch (WakeupException e) {
                if (!running) {
                    break;
                }
            } catch (Retry e) {
                sleep(retryMs);
                retryMs = Math.min(5_000, retryMs * 2);
            }
        }
        if (!offsets.isEmpty() && owner.fatal == null) {
            try {
                handOver(); // stopping: commit what was read, so the next owner does not read it again
            } catch (RuntimeException e) {
                log.warn("cloud worker {} could not commit its last batch ({}); it will be read again", index,
                        e.toString());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        firstOffsets.putIfAbsent(tp, r.offset());
        offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
        tally.escalations++;
        try (LogContext ignored = LogContext.of(CorrelationHeader.read(r.headers()), r.key())) {
            try {
                accept(r);
            } catch (RuntimeException ex) {
                log.debug("escalation {} failed", source(r), ex);
                refusals.add(new Refusal(r, new Rejection(RejectReason.INTERNAL_ERROR, ex.toString())));
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        Decoded<Escalation> d = Codecs.escalation().decode(r.value());
        if (d instanceof Decoded.Rejected<Escalation> rej) {
            refusals.add(new Refusal(r, rej.rejection()));
            return;
        }
        Escalation e = d.orElseThrow();
        CorrelationId cid = e.window().correlationId();
        if (recent.put(cid, Boolean.TRUE) != null) {
            tally.duplicates++;
            return;
        }
        tally.onAbort(() -> recent.remove(cid));
        CloudModel m = models.get(e.window().kind());
        if (m == null) {
            refusals.add(new Refusal(r, new Rejection(RejectReason.INVALID,
                    "no cloud model for kind " + e.window().kind().displayName())));
            return;
        }
        if (!m.fits(e.window())) {
            refusals.add(new Refusal(r, new Rejection(RejectReason.INVALID,
                    "window.samples must hold " + m.manifest().features().windowSize() + " frames of "
                            + m.manifest().features().channels() + " channel(s) for " + m.ref() + ", was "
                            + e.window().samples().frames() + " of " + e.window().samples().channels())));
            return;
        }
        batcher.add(e.window().kind(), new Pending(e, r, System.nanoTime()));
    }

    /**
     * In one transaction: the dead letters, every queued batch's results, commands and alerts, and the consumed
     * offsets. A fatal failure is thrown as {@link Fatal}; a retriable one aborts, rewinds to the first offsets of
     * the transaction and throws {@link Retry}; a model that cannot run at all aborts and is thrown to the supervisor.
     */
    private void flush() {
        if (!transactional) {
            flushAtLeastOnce(false);
            return;
        }
        sync();
        try {
            producer.beginTransaction();
            for (Refusal f : refusals) {
                refuse(f.record(), f.rejection());
            }
            for (DynamicBatcher.Batch<SensorKind, Pending> b : batcher.drain()) {
                score(b);
            }
            // The producer sends its transactional requests (the offsets) ahead of queued records: without this flush
            // the results waited for both offset round trips. The requests are sequential either way, so the commit
            // is not later for it, and the results are appended (and acknowledged) first.
            producer.flush();
            producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
            producer.commitTransaction();
            settled(System.nanoTime());
        } catch (RuntimeException e) {
            if (Failures.classify(e) == FailureClass.FATAL) {
                throw new Fatal(e);
            }
            owner.aborted.increment();
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
                if (Failures.classify(abortFailed) == FailureClass.FATAL) {
                    throw new Fatal(abortFailed); // e.g. fenced: a newer instance with this id runs
                }
                rewind(Set.of());
                throw e; // the producer is unusable: the supervisor reopens everything
            }
            rewind(Set.of());
            if (e instanceof KafkaException) {
                log.warn("cloud worker {}: transaction aborted ({}); reading its records again", index,
                        Failures.describe(e));
                throw new Retry();
            }
            throw e;
        }
    }

    /**
     * Without a transaction: the dead letters and every queued batch's outputs are sent, the producer flushed, and
     * only when each of them was acknowledged are the consumed offsets committed (asynchronously, or synchronously
     * when the partitions are {@code handingOver} to another member or the worker stops). A failed send rewinds to the
     * first offsets read since the last flush and throws {@link Retry}: those windows are scored and sent again.
     */
    private void flushAtLeastOnce(boolean handingOver) {
        sync();
        try {
            sendFailure = null;
            for (Refusal f : refusals) {
                refuse(f.record(), f.rejection());
            }
            for (DynamicBatcher.Batch<SensorKind, Pending> b : batcher.drain()) {
                score(b);
            }
            producer.flush(); // every send's callback has run when it returns
            Exception failed = sendFailure;
            if (failed != null) {
                throw failed instanceof RuntimeException r ? r : new KafkaException(failed);
            }
            Map<TopicPartition, OffsetAndMetadata> done = Map.copyOf(offsets);
            settled(System.nanoTime());
            if (handingOver) {
                try {
                    consumer.commitSync(done);
                } catch (KafkaException e) {
                    owner.aborted.increment();
                    log.warn("cloud worker {}: offsets not committed before handing partitions over ({}); their next "
                            + "owner scores those windows again", index, Failures.describe(e));
                }
            } else {
                consumer.commitAsync(done, this::commitDone);
            }
        } catch (RuntimeException e) {
            if (Failures.classify(e) == FailureClass.FATAL) {
                throw new Fatal(e);
            }
            owner.aborted.increment();
            rewind(Set.of());
            if (e instanceof KafkaException) {
                log.warn("cloud worker {}: an output was not acknowledged ({}); scoring its windows again", index,
                        Failures.describe(e));
                throw new Retry();
            }
            throw e;
        }
    }

    /**
     * The flushed outputs became readable at {@code readableAt} (the commit, or the last acknowledgement): records each
     * window's latencies, adds the counts to the process's and forgets what was read.
     */
    private void settled(long readableAt) {
        for (long polled : tally.polledNanos()) {
            owner.addedLatency(readableAt - polled);
        }
        for (Tally.ResultAck a : tally.results) {
            long acked = a.ackedNanos; // set before the flush returned: the producer runs callbacks first
            if (acked != 0) {
                owner.producedLatency(acked - a.polledNanos);
            }
        }
        owner.committed(tally);
        tally.clear();
        refusals.clear();
        offsets.clear();
        firstOffsets.clear();
    }

    /** An asynchronous offset commit ended; a failed one means those windows may be scored again (counted). */
    private void commitDone(Map<TopicPartition, OffsetAndMetadata> committed, Exception e) {
        if (e != null) {
            owner.aborted.increment();
            log.debug("cloud worker {}: an offset commit failed ({}); those windows may be scored again", index,
                    e.toString());
        }
    }

    /** Flushes and commits before partitions go to another member (or the worker stops). */
    private void handOver() {
        if (transactional) {
            flush();
        } else {
            flushAtLeastOnce(true);
        }
    }

    /** Forgets what was read but not committed and seeks back to it (except on {@code gone} partitions). */
    private void rewind(Set<TopicPartition> gone) {
        tally.abort();
        batcher.clear();
        refusals.clear();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            Set<TopicPartition> mine = c.assignment();
            firstOffsets.forEach((tp, off) -> {
                if (mine.contains(tp) && !gone.contains(tp)) {
                    c.seek(tp, off);
                }
            });
        }
        offsets.clear();
        firstOffsets.clear();
    }

    private void score(DynamicBatcher.Batch<SensorKind, Pending> b) {
        List<Pending> pending = b.items();
        CloudModel cpu = cpuModels.get(b.key());
        String path = config.route(pending.size(), cpu != null);
        CloudModel model = cpu != null && "cpu".equals(path) ? cpu : models.get(b.key());
        tally.routed(path, pending.size());
        List<SensorWindow> windows = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            windows.add(p.escalation().window());
        }
        long t0 = System.nanoTime();
        Scored[] scored;
        try {
            scored = model.scoreAll(windows);
        } catch (RuntimeException e) {
            scored = isolate(model, windows, e);
        }
        long callNanos = System.nanoTime() - t0;
        owner.scored();
        if (openedShadow.containsKey(b.key())) {
            shadow(b.key(), model, windows, scored);
        }
        tally.batchesDone.add(new Tally.BatchDone(b.key(), pending.size(), b.waitedNanos(), callNanos));
        for (Pending p : pending) {
            tally.polled(p.polledNanos());
        }
        List<Escalation> batch = new ArrayList<>(pending.size());
        float[] scores = new float[pending.size()];
        long[] polled = new long[pending.size()];
        for (int i = 0; i < scored.length; i++) {
            if (scored[i] instanceof Scored.Value v) {
                scores[batch.size()] = v.score();
                polled[batch.size()] = pending.get(i).polledNanos();
                batch.add(pending.get(i).escalation());
            } else if (scored[i] instanceof Scored.NonFinite nf) {
                refuse(pending.get(i).record(), new Rejection(RejectReason.NON_FINITE, nf.detail()));
            } else {
                tally.isolated++;
                refuse(pending.get(i).record(), new Rejection(RejectReason.INTERNAL_ERROR,
                        "model " + model.ref() + " failed on this window alone: " + isolatedCause));
            }
        }
        tally.inferred += batch.size();
        if (batch.isEmpty()) {
            return;
        }
        decide(model, batch, scores, polled);
    }

    private String isolatedCause;

    /**
     * Hands the batch to the shadow lane, which scores it with the shadow model and compares; nothing it does reaches
     * the outputs, and the worker does not wait for it. When the lane is behind, the batch is skipped and counted.
     */
    private void shadow(SensorKind kind, CloudModel live, List<SensorWindow> windows, Scored[] liveScored) {
        int n = windows.size();
        float[] ls = new float[n];
        boolean[] lp = new boolean[n];
        for (int i = 0; i < n; i++) {
            ls[i] = liveScored[i] instanceof Scored.Value v ? v.score() : Float.NaN;
            lp[i] = Float.isFinite(ls[i]) && positive(live, ls[i]);
        }
        dev.cascade.protocol.model.ModelRef liveRef = live.ref();
        if (!shadowLane.offer(n, () -> shadowNow(kind, liveRef, windows, ls, lp))) {
            owner.shadows.skipped(kind, n);
        }
    }

    /** On the shadow lane: scores with the kind's shadow session, if it opened, and compares with the live scores. */
    private void shadowNow(SensorKind kind, dev.cascade.protocol.model.ModelRef live, List<SensorWindow> windows,
                           float[] ls, boolean[] lp) {
        CloudModel shadow = shadows.get(kind);
        if (shadow == null) {
            return; // it could not be opened (counted then), or it was dropped since
        }
        Scored[] other;
        try {
            other = shadow.scoreAll(windows);
        } catch (RuntimeException e) {
            owner.shadows.failed(kind);
            log.debug("shadow {} failed on a batch of {}", shadow.ref(), windows.size(), e);
            return;
        }
        int n = windows.size();
        float[] ss = new float[n];
        boolean[] sp = new boolean[n];
        for (int i = 0; i < n; i++) {
            ss[i] = other[i] instanceof Scored.Value v ? v.score() : Float.NaN;
            sp[i] = Float.isFinite(ss[i]) && positive(shadow, ss[i]);
        }
        owner.shadows.add(ShadowBatch.compare(kind, live, shadow.ref(), ls, lp, ss, sp));
    }

    /** The decision a model's score makes: anomalous, or (forecast) below the site's or the model's threshold. */
    private boolean positive(CloudModel model, float score) {
        if (model.manifest().task() == ModelTask.FORECAST) {
            return score < (config.irrigateBelowPct().isPresent() ? config.irrigateBelowPct().get()
                    : model.scorer().threshold());
        }
        return model.scorer().isPositive(score);
    }

    /**
     * The batch's model call failed: scores each window alone; the ones that fail alone are left null (dead-lettered
     * by the caller). If every window fails alone too, the model cannot run at all: thrown to the supervisor.
     */
    private Scored[] isolate(CloudModel model, List<SensorWindow> windows, RuntimeException batchFailure) {
        Scored[] out = new Scored[windows.size()];
        int failed = 0;
        RuntimeException last = batchFailure;
        for (int i = 0; i < windows.size(); i++) {
            try {
                out[i] = model.scoreAll(List.of(windows.get(i)))[0];
            } catch (RuntimeException e) {
                failed++;
                last = e;
            }
        }
        if (failed == windows.size() && windows.size() > 1) {
            throw new IllegalStateException("model " + model.ref() + " fails on every window of a batch of "
                    + windows.size() + ", alone too: " + batchFailure, batchFailure);
        }
        isolatedCause = last.toString();
        log.warn("model {} failed on a batch of {}; {} window(s) failed alone and are dead-lettered: {}", model.ref(),
                windows.size(), failed, isolatedCause);
        return out;
    }

    private void decide(CloudModel model, List<Escalation> batch, float[] scores, long[] polled) {
        Outcomes outcomes = owner.outcomes;
        Instant now = owner.clock.instant();
        boolean forecast = model.manifest().task() == ModelTask.FORECAST;
        double threshold = forecast && config.irrigateBelowPct().isPresent() ? config.irrigateBelowPct().get()
                : model.scorer().threshold();
        for (int i = 0; i < batch.size(); i++) {
            Escalation e = batch.get(i);
            try (LogContext ignored = LogContext.of(e.window().correlationId().value(), e.window().deviceId().value())) {
                boolean positive = positive(model, scores[i]);
                Verdict v = Outcomes.verdict(model.manifest().task(), positive);
                log.debug("{} scored {} against {} by {} ({} in batch): {}", e.window().kind().displayName(), scores[i],
                        threshold, model.ref(), batch.size(), v.displayName());
                InferenceResult result = outcomes.result(e, model.ref(), scores[i], threshold, v, now, batch.size());
                Tally.ResultAck ack = new Tally.ResultAck(polled[i]);
                tally.results.add(ack);
                send(Channel.RESULTS, result.deviceId().value(), result.correlationId(),
                        Codecs.inferenceResult().encode(result), ack);
                if (v == Verdict.ANOMALY && !persistence.confirm(result.deviceId(), e.window().sequence())) {
                    tally.unconfirmed++;
                    continue;
                }
                if (v != Verdict.NORMAL && coolingDown(result, e.window().timestamp())) {
                    tally.held++;
                    continue;
                }
                Command c = outcomes.command(result, now).orElse(null);
                if (c != null) {
                    tally.commands++;
                    send(Channel.COMMANDS, c.header().deviceId().value(), c.header().correlationId(),
                            Codecs.command().encode(c), null);
                }
                Alert a = outcomes.alert(result, e.window(), now).orElse(null);
                if (a != null) {
                    tally.alerts++;
                    send(Channel.ALERTS, a.header().deviceId().value(), a.header().correlationId(), Codecs.alert().encode(a),
                            null);
                }
            }
        }
    }

    /**
     * Whether this device had a command and alert for this verdict within the cooldown, on the windows' own clock
     * (their timestamps; a device whose clock went backwards starts afresh). Undone if the transaction aborts.
     */
    private boolean coolingDown(InferenceResult r, Instant now) {
        String key = r.deviceId().value() + "/" + r.verdict().displayName();
        Instant last = lastAction.get(key);
        if (last != null && now.isBefore(last.plus(config.actionCooldown())) && !now.isBefore(last)) {
            return true;
        }
        lastAction.put(key, now);
        tally.onAbort(() -> {
            if (last == null) {
                lastAction.remove(key);
            } else {
                lastAction.put(key, last);
            }
        });
        if (lastAction.size() > 100_000) {
            lastAction.entrySet().removeIf(e -> now.isAfter(e.getValue().plus(config.actionCooldown())));
        }
        return false;
    }

    private void refuse(ConsumerRecord<String, byte[]> r, Rejection rejection) {
        tally.refuse(rejection.reason());
        java.util.concurrent.CompletableFuture<?> sent = deadLetters.route(source(r), r.key(), r.value(), rejection);
        if (!transactional) {
            sent.whenComplete((md, e) -> {
                if (e != null) {
                    sendFailures.onCompletion(null, e instanceof Exception x ? x : new KafkaException(e));
                }
            });
        }
    }

    private void send(Channel channel, String key, CorrelationId cid, byte[] value,
            org.apache.kafka.clients.producer.Callback acked) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, cid.value().getBytes(StandardCharsets.UTF_8));
        // A failed send fails the transaction: commitTransaction throws, the transaction is aborted and retried. Without
        // one, the flush finds it in sendFailure and sends the windows again.
        org.apache.kafka.clients.producer.Callback cb = transactional ? acked : acked == null ? sendFailures
                : (md, e) -> {
                    acked.onCompletion(md, e);
                    sendFailures.onCompletion(md, e);
                };
        producer.send(new ProducerRecord<>(config.topics().kafka(channel), null, key, value, h), cb);
    }

    private static String source(ConsumerRecord<String, byte[]> r) {
        return "kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    boolean joined() {
        return joined;
    }

    Map<SensorKind, String> backends() {
        return backends;
    }

    Map<SensorKind, dev.cascade.protocol.model.ModelRef> scoringWith() {
        return scoringWith;
    }

    long lag() {
        KafkaConsumer<String, byte[]> c = consumer;
        return c == null ? 0 : ConsumerLag.records(c);
    }

    /** Ends a blocking poll (from any thread); a worker between restarts is interrupted instead. */
    void wakeup() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        } else if (thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** Stops the shadow lane's thread, for a worker whose own thread never started (its loop does it otherwise). */
    void closeShadowLane() {
        shadowLane.close();
    }

    /** Closes consumer, producer and models (on the worker's thread, or before it started). */
    void closeAll() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
                log.debug("cloud worker {} interrupted while leaving its group", index);
            } catch (RuntimeException e) {
                log.warn("cloud worker {}: closing its consumer failed: {}", index, e.toString());
            }
        }
        KafkaProducer<String, byte[]> p = producer;
        producer = null;
        if (p != null) {
            try {
                p.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("cloud worker {}: closing its producer failed: {}", index, e.toString());
            }
        }
        for (CloudModel m : models.values()) {
            m.close();
        }
        models.clear();
        for (CloudModel m : cpuModels.values()) {
            m.close();
        }
        cpuModels.clear();
        boolean closed = shadowLane.await(() -> {
            for (CloudModel m : shadows.values()) {
                m.close();
            }
            shadows.clear();
        }, SHADOW_CLOSE_WAIT);
        if (!closed) {
            log.warn("cloud worker {}: its shadow model still busy after {} s; it closes when done", index,
                    SHADOW_CLOSE_WAIT.toSeconds());
        }
        openedLive.clear();
        openedShadow.clear();
        generation = -1;
        batcher.clear();
        tally.clear();
        refusals.clear();
        offsets.clear();
        firstOffsets.clear();
    }

    /** Commits what is queued before partitions go; drops it (re-read by their next owner) when they were lost. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!offsets.isEmpty() && !partitions.isEmpty()) {
                try {
                    handOver();
                } catch (Retry e) {
                    // rewound already; the revoked partitions' next owner reads them from the committed offsets
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!offsets.isEmpty()) {
                rewind(new HashSet<>(partitions));
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!joined) {
                joinedNanos = System.nanoTime();
            }
            joined = true;
            owner.joined();
        }
    }

    /** A kind's live session and, when that runs on CUDA, its CPU twin for light batches. */
    private record Opened(CloudModel main, CloudModel cpu) {}

    /** An escalation waiting for its model call, with the record it came in. */
    private record Pending(Escalation escalation, ConsumerRecord<String, byte[]> record, long polledNanos) {}

    /** A record to dead-letter in the next transaction. */
    private record Refusal(ConsumerRecord<String, byte[]> record, Rejection rejection) {}

    /** A failure no retry can cure. */
    private static final class Fatal extends RuntimeException {
        Fatal(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /** A transaction was aborted and its records will be read again. */
    private static final class Retry extends RuntimeException {
        Retry() {
            super("transaction aborted; retrying", null, false, false);
        }
    }
}
