package dev.cascade.edge.ota;

import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.ota.ChunkRequest;
import dev.cascade.protocol.ota.ModelChunk;
import dev.cascade.protocol.ota.OtaAnnouncement;
import dev.cascade.protocol.ota.OtaState;
import dev.cascade.protocol.ota.OtaStatus;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.PublishOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of over-the-air model updates: takes announcements from its {@code ota-announce} topic, fetches
 * the archive chunk by chunk into its staging folder (asking from the offset on disk, so a lost link or a restart
 * resumes), checks the archive's SHA-256, unpacks it, vets it ({@link Vetting}: hashes, signature, load, self-test),
 * moves the {@code current} pointer and swaps the model in, watches it ({@link Watch}) and rolls back on failure.
 * Every outcome goes up as an {@link OtaStatus} on the gateway's {@code ota-status} topic. All state lives on one
 * thread ({@code cascade-edge-ota-<gateway>}); must be closed.
 */
public final class OtaClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OtaClient.class);

    private final OtaOptions options;
    private final DeviceId gateway;
    private final Topics topics;
    private final MqttLink link;
    private final InstantSource clock;
    private final TrustedKeys trust;
    private final ModelStore store;
    private final ModelSwitch models;
    private final ModelCounters counters;
    private final Map<String, Path> configured;
    private final ScheduledExecutorService thread;

    private volatile boolean closing;
    private Staging active;
    private OtaAnnouncement pending;
    private Instant lastRequestAt = Instant.EPOCH;
    private Watch watch;
    private Pointer watched;

    private final LongAdder announcements = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder chunksReceived = new LongAdder();
    private final LongAdder chunksIgnored = new LongAdder();
    private final LongAdder bytesStaged = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder requestsRepeated = new LongAdder();
    private final LongAdder installed = new LongAdder();
    private final LongAdder confirmed = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rolledBack = new ConcurrentHashMap<>();

    /**
     * Starts taking updates for the models {@code models} runs.
     *
     * @param trust the keys an update must be signed by; null: every update is refused ({@code no_trusted_keys})
     * @param configured the bundle folder the configuration names, per model name (what a rollback to it clears the
     *     pointer for)
     */
    public OtaClient(OtaOptions options, DeviceId gateway, Topics topics, MqttLink link, InstantSource clock,
                     TrustedKeys trust, ModelStore store, ModelSwitch models, ModelCounters counters,
                     Map<String, Path> configured) {
        this.options = options;
        this.gateway = gateway;
        this.topics = topics;
        this.link = link;
        this.clock = clock;
        this.trust = trust;
        this.store = store;
        this.models = models;
        this.counters = counters;
        this.configured = Map.copyOf(configured);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-edge-ota-" + gateway.value());
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::resumeWatches);
        thread.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        link.subscribe(topics.mqtt(Channel.OTA_ANNOUNCE, gateway), 1, this::onAnnouncement);
        link.subscribe(topics.mqtt(Channel.OTA_CHUNKS, gateway), 1, this::onChunk);
    }

    /**
     * The bundle to run at start for configured bundle {@code configuredBundle}: the version the pointer names if it
     * loads and verifies, else the one it replaced, else the configured one; never a half-installed one.
     */
    public static ModelBundle atStart(ModelStore store, ModelBundle configuredBundle, TrustedKeys trust) {
        String name = configuredBundle.manifest().name();
        Optional<Pointer> p = store.pointer(name);
        if (p.isEmpty()) {
            return configuredBundle;
        }
        for (Path dir : new Path[] {p.get().dir(), p.get().previousDir()}) {
            if (dir.toAbsolutePath().normalize().equals(configuredBundle.dir().toAbsolutePath().normalize())) {
                return configuredBundle;
            }
            try {
                ModelBundle b = trust == null ? ModelBundle.load(dir) : ModelBundle.load(dir, trust);
                if (b.manifest().name().equals(name)) {
                    log.info("model {} runs {} (installed over the air{})", name, b.manifest().version(),
                            p.get().watching() && dir.equals(p.get().dir()) ? ", still watched" : "");
                    return b;
                }
            } catch (ModelBundleException e) {
                log.error("model {}: the installed bundle {} cannot be used ({}); falling back", name, dir, e.getMessage());
            }
        }
        return configuredBundle;
    }

    private void resumeWatches() {
        try {
            for (String name : configured.keySet()) {
                Optional<Pointer> p = store.pointer(name);
                Optional<ModelBundle> running = models.running(name);
                if (p.isPresent() && p.get().watching() && running.isPresent()
                        && running.get().manifest().version().equals(p.get().version())) {
                    // Restarted while a new version was watched: watch it again from the start.
                    startWatch(name, p.get());
                }
            }
            store.sweep();
        } catch (IOException | RuntimeException e) {
            log.warn("OTA: cannot tidy {} at start: {}", store.root(), e.toString());
        }
    }

    private void onAnnouncement(String topic, byte[] payload, Delivery delivery) {
        if (payload.length == 0) {
            return; // a cleared retained announcement
        }
        byte[] copy = payload.clone();
        thread.execute(() -> guarded(() -> announced(copy)));
    }

    private void onChunk(String topic, byte[] payload, Delivery delivery) {
        byte[] copy = payload.clone();
        thread.execute(() -> guarded(() -> chunk(copy)));
    }

    private void guarded(Step s) {
        try {
            s.run();
        } catch (IOException e) {
            if (closing) {
                // Interrupted by close(): what is staged stays on disk and is resumed at the next start.
                log.debug("OTA: step interrupted by close: {}", e.toString());
                return;
            }
            log.error("OTA: storage failed: {}", e.toString());
            if (active != null) {
                refuse(active.announcement().model(), Reasons.STORAGE, e.toString());
            }
        } catch (RuntimeException e) {
            log.error("OTA: step failed", e);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private void announced(byte[] payload) throws IOException {
        Decoded<OtaAnnouncement> d = Codecs.otaAnnouncement().decode(payload);
        if (d instanceof Decoded.Rejected<OtaAnnouncement> r) {
            undecodable.increment();
            log.warn("OTA announcement refused undecoded: {}", r.rejection());
            return;
        }
        OtaAnnouncement a = d.orElseThrow();
        announcements.increment();
        ModelRef ref = a.model();
        Optional<ModelBundle> running = models.running(ref.name());
        if (running.isEmpty()) {
            status(ref, OtaState.REFUSED, Reasons.UNKNOWN_MODEL, "this agent runs no model named " + ref.name(), 0);
            count(refused, Reasons.UNKNOWN_MODEL);
            return;
        }
        if (running.get().manifest().version().equals(ref.version())) {
            return; // already runs it
        }
        Optional<String> before = store.refusal(ref.name(), ref.version());
        if (before.isPresent()) {
            log.debug("OTA: {} was refused before ({}); not fetched again", ref, before.get());
            return;
        }
        if (trust == null) {
            status(ref, OtaState.REFUSED, Reasons.NO_TRUSTED_KEYS, "the agent has no trusted keys (edge.trusted-keys)"
                    + " to check the signature with", 0);
            count(refused, Reasons.NO_TRUSTED_KEYS);
            return;
        }
        if (watch != null) {
            pending = a; // one update at a time: fetched once the watched one is kept or rolled back
            return;
        }
        if (active != null) {
            if (active.announcement().equals(a)) {
                return;
            }
            active.discard();
        }
        active = Staging.open(store.staging(), a);
        if (active.offset() > 0) {
            resumed.increment();
            log.info("OTA: resuming {} at byte {} of {}", ref, active.offset(), a.size());
        } else {
            log.info("OTA: fetching {} ({} bytes)", ref, a.size());
        }
        status(ref, OtaState.FETCHING, "", "", active.offset());
        if (active.complete()) {
            finish();
        } else {
            request();
        }
    }

    private void chunk(byte[] payload) throws IOException {
        Decoded<ModelChunk> d = Codecs.modelChunk().decode(payload);
        if (d instanceof Decoded.Rejected<ModelChunk> r) {
            undecodable.increment();
            log.warn("OTA chunk refused undecoded: {}", r.rejection());
            return;
        }
        ModelChunk c = d.orElseThrow();
        if (active == null || !c.model().equals(active.announcement().model()) || c.size() != active.announcement().size()
                || !active.append(c.offset(), c.data())) {
            chunksIgnored.increment();
            return;
        }
        chunksReceived.increment();
        bytesStaged.add(c.length());
        if (active.complete()) {
            finish();
        } else {
            request();
        }
    }

    private void request() {
        OtaAnnouncement a = active.announcement();
        int length = (int) Math.min(options.chunkSize(), a.size() - active.offset());
        ChunkRequest r = new ChunkRequest(a.model(), active.offset(), length);
        lastRequestAt = clock.instant();
        link.publish(topics.mqtt(Channel.OTA_REQUESTS, gateway), Codecs.chunkRequest().encode(r), 1,
                PublishOptions.contentType(Codecs.chunkRequest().contentType())).whenComplete((v, e) -> {
                    if (e != null) {
                        log.debug("OTA request for {} at {} not sent: {}", a.model(), r.offset(), e.toString());
                    }
                });
    }

    private void tick() {
        guarded(() -> {
            Instant now = clock.instant();
            if (active != null && !active.complete()
                    && Duration.between(lastRequestAt, now).compareTo(options.requestTimeout()) >= 0) {
                requestsRepeated.increment();
                request();
            }
            if (watch != null) {
                judge(now);
            }
        });
    }

    private void finish() throws IOException {
        OtaAnnouncement a = active.announcement();
        ModelRef ref = a.model();
        byte[] archive = active.bytes();
        String sha = Sha256.hex(archive);
        if (!sha.equals(a.sha256()) && active.resumed()) {
            // The bytes staged before a restart may end in what a power loss left of an unforced chunk: not a verdict
            // on the update. Fetched whole once more; a fresh download that does not match is refused.
            log.warn("OTA: {} resumed after a restart does not match its SHA-256; fetching it again from byte 0", ref);
            active.discard();
            active = Staging.open(store.staging(), a);
            status(ref, OtaState.FETCHING, "", "staged bytes damaged; fetching again", 0);
            request();
            return;
        }
        if (!sha.equals(a.sha256())) {
            refuse(ref, Reasons.SHA256_MISMATCH, "archive SHA-256 is " + sha + " but the announcement says " + a.sha256());
            return;
        }
        Path dir = store.installDir(ref.name(), ref.version());
        ModelStore.deleteTree(dir);
        try {
            BundleArchive.unpack(archive, dir);
        } catch (IOException e) {
            ModelStore.deleteTree(dir);
            refuse(ref, Reasons.BAD_ARCHIVE, e.getMessage());
            return;
        }
        Optional<ModelBundle> running = models.running(ref.name());
        Vetting.Outcome o = Vetting.vet(dir, ref, trust, running);
        if (!o.accepted()) {
            ModelStore.deleteTree(dir);
            refuse(ref, o.reason(), o.detail());
            return;
        }
        ModelBundle old = running.orElseThrow();
        Pointer p = new Pointer(ref.version(), dir, old.manifest().version(), old.dir(), true);
        // The pointer moves first: a power loss after it starts the vetted new version (watched again from the start).
        store.point(ref.name(), p);
        models.swap(o.bundle());
        active.discard();
        active = null;
        installed.increment();
        log.info("OTA: {} installed (self-test passed, signed by {}); watching it for {}", ref,
                o.bundle().verifiedSigner().orElse("?"), options.watchWindow());
        status(ref, OtaState.INSTALLED, "", "replaced " + old.manifest().ref(), a.size());
        startWatch(ref.name(), p);
    }

    private void startWatch(String name, Pointer p) {
        ModelRef ref = new ModelRef(name, p.version());
        watch = new Watch(ref, clock.instant(), counters.snapshot(ref), options);
        watched = p;
    }

    private void judge(Instant now) throws IOException {
        Watch.Verdict v = watch.judge(now, counters.snapshot(watch.model()));
        ModelRef ref = watch.model();
        switch (v.kind()) {
            case WATCHING -> {
                return;
            }
            case KEEP -> {
                store.point(ref.name(), watched.confirmed());
                confirmed.increment();
                log.info("OTA: {} kept: {}", ref, v.detail());
                status(ref, OtaState.CONFIRMED, "", v.detail(), 0);
            }
            case ROLL_BACK -> rollBack(ref, v.reason(), v.detail());
            default -> throw new IllegalStateException("unknown verdict " + v.kind());
        }
        watch = null;
        watched = null;
        store.sweep();
        if (pending != null) {
            OtaAnnouncement next = pending;
            pending = null;
            announced(Codecs.otaAnnouncement().encode(next));
        }
    }

    private void rollBack(ModelRef ref, String reason, String detail) throws IOException {
        Pointer p = watched;
        ModelBundle previous = null;
        try {
            previous = ModelBundle.load(p.previousDir(), trust);
        } catch (ModelBundleException e) {
            log.error("OTA: the previous version {} of {} cannot be loaded ({}); going back to the configured bundle",
                    p.previousDir(), ref.name(), e.getMessage());
        }
        Path base = configured.get(ref.name());
        if (previous == null && base != null) {
            try {
                previous = ModelBundle.load(base, trust);
            } catch (ModelBundleException e) {
                log.error("OTA: the configured bundle {} cannot be loaded either ({}); keeping {}", base, e.getMessage(), ref);
                return;
            }
        }
        if (previous == null) {
            return;
        }
        if (base != null && previous.dir().toAbsolutePath().normalize().equals(base.toAbsolutePath().normalize())) {
            store.clearPointer(ref.name());
        } else {
            store.point(ref.name(), new Pointer(previous.manifest().version(), previous.dir(), previous.manifest().version(),
                    previous.dir(), false));
        }
        models.swap(previous);
        store.refuse(ref.name(), ref.version(), reason);
        count(rolledBack, reason);
        log.warn("OTA: {} rolled back to {}: {}", ref, previous.manifest().ref(), detail);
        status(ref, OtaState.ROLLED_BACK, reason, detail, 0);
    }

    private void refuse(ModelRef ref, String reason, String detail) {
        if (closing) {
            return; // a step cut short by close() is no verdict on the update
        }
        count(refused, reason);
        log.warn("OTA: {} refused ({}): {}; the running version stays", ref, reason, detail);
        try {
            store.refuse(ref.name(), ref.version(), reason);
            if (active != null) {
                active.discard();
            }
        } catch (IOException e) {
            log.error("OTA: cannot record the refusal of {}: {}", ref, e.toString());
        }
        active = null;
        status(ref, OtaState.REFUSED, reason, detail, 0);
    }

    private void status(ModelRef ref, OtaState state, String reason, String detail, long offset) {
        ModelRef running = models.running(ref.name())
                .map(b -> new ModelRef(b.manifest().name(), b.manifest().version())).orElse(ref);
        String d = detail == null ? "" : detail.length() > 500 ? detail.substring(0, 497) + "..." : detail;
        OtaStatus s = new OtaStatus(gateway, ref, state, reason, d, running, offset, clock.instant());
        link.publish(topics.mqtt(Channel.OTA_STATUS, gateway), Codecs.otaStatus().encode(s), 1,
                PublishOptions.contentType(Codecs.otaStatus().contentType())).whenComplete((v, e) -> {
                    if (e != null) {
                        log.debug("OTA status {} {} not sent: {}", ref, state.displayName(), e.toString());
                    }
                });
    }

    private static void count(Map<String, LongAdder> m, String reason) {
        m.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Counters so far. */
    public OtaStats stats() {
        Map<String, Long> ref = new TreeMap<>();
        refused.forEach((k, v) -> ref.put(k, v.sum()));
        Map<String, Long> rb = new TreeMap<>();
        rolledBack.forEach((k, v) -> rb.put(k, v.sum()));
        Map<String, String> run = new TreeMap<>();
        for (String name : configured.keySet()) {
            models.running(name).ifPresent(b -> run.put(name, b.manifest().version()));
        }
        return new OtaStats(announcements.sum(), undecodable.sum(), chunksReceived.sum(), chunksIgnored.sum(),
                bytesStaged.sum(), resumed.sum(), requestsRepeated.sum(), installed.sum(), confirmed.sum(), ref, rb, run);
    }

    /** Bytes of {@code ref}'s archive staged on disk (0 if none). */
    public long staged(ModelRef ref) {
        return Staging.stagedBytes(store.staging(), ref.name(), ref.version()).orElse(0L);
    }

    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                log.debug("OTA: closing the staging file failed", e);
            }
        }
    }
}
