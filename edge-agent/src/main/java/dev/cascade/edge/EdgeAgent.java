package dev.cascade.edge;

import dev.cascade.edge.action.LocalActions;
import dev.cascade.edge.decide.Decider;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.remote.RemoteSettings;
import dev.cascade.edge.guard.RejectionLog;
import dev.cascade.edge.guard.WindowGuard;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.edge.outbox.Appended;
import dev.cascade.edge.ota.ModelCounters;
import dev.cascade.edge.ota.ModelStore;
import dev.cascade.edge.ota.ModelSwitch;
import dev.cascade.edge.ota.OtaClient;
import dev.cascade.edge.ota.OtaOptions;
import dev.cascade.edge.ota.OtaStats;
import dev.cascade.edge.outbox.Outbox;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.outbox.OutboxStats;
import dev.cascade.edge.uplink.Uplink;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The agent that runs on a Raspberry Pi or gateway: receives sensor windows over MQTT, scores them with
 * int8 TFLite models, decides alone when its model is sure (acting locally when action is needed) and
 * escalates to the cloud when it is not. Windows of one device are handled in order by one worker
 * thread that owns its interpreters. Thread-safe; must be closed.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);
    private static final ModelRef NO_MODEL = new ModelRef("none", "0");
    /** The MDC key of the correlation id of the window or command a log line is about. */
    public static final String CORRELATION_ID = LogContext.CORRELATION_ID;

    private final EdgeConfig config;
    private final InstantSource clock;
    private final EdgeObserver observer;
    private final Topics topics;
    // The bundles the workers score with; replaced whole (never changed in place) by an over-the-air swap.
    private volatile BundleSet bundles;
    private final ModelCounters modelCounters = new ModelCounters();
    private final Optional<OtaClient> ota;
    private final MqttConnection sensors;
    private final MqttConnection commandsOut;
    private final Outbox outbox;
    private final java.util.Optional<java.nio.file.Path> throwAwayOutbox;
    private final Uplink uplink;
    private final dev.cascade.transport.mqtt.MqttLink cloudDevice;
    private final LocalActions actions;
    private final List<Worker> workers = new ArrayList<>();
    private final DeviceSide device;
    // What a remote configuration can change without a restart (read by the workers on each window).
    private volatile EscalationPolicy policy;
    private volatile Decider decider;
    private volatile Optional<Double> irrigationBelowPct;

    private final LongAdder windows = new LongAdder();
    private final LongAdder windowsShed = new LongAdder();
    private static final Duration STALL = Duration.ofSeconds(30);
    private final RejectionLog rejections;
    private final LongAdder restarts = new LongAdder();
    private final LongAdder decidedLocally = new LongAdder();
    private final LongAdder idle = new LongAdder();
    private final Map<EscalationReason, LongAdder> escalated = new EnumMap<>(EscalationReason.class);
    private final LongAdder localActions = new LongAdder();
    private final Recorder localActionMicros = new Recorder(3);
    private final Histogram localActionTotal = new Histogram(3);

    /** One set of bundles the workers score with; a worker reopens its interpreters when the number moves. */
    private record BundleSet(long number, Map<SensorKind, ModelBundle> byKind) {}

    private EdgeAgent(EdgeConfig config, DeviceOptions deviceOptions, Optional<OtaOptions> otaOptions, InstantSource clock,
                      EdgeObserver observer) throws ModelBundleException {
        this.config = config;
        this.clock = clock;
        this.observer = observer;
        this.topics = config.topics();
        this.policy = config.policy();
        this.decider = new Decider(config.policy());
        this.irrigationBelowPct = config.irrigation().belowPct();
        this.rejections = new RejectionLog(log, clock, Duration.ofMinutes(1));
        TrustedKeys trust = trustedKeys(config);
        ModelStore store = null;
        if (otaOptions.isPresent()) {
            try {
                store = ModelStore.open(otaOptions.get().dir());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot open the OTA folder " + otaOptions.get().dir() + ": "
                        + e.getMessage(), e);
            }
        }
        Map<SensorKind, ModelBundle> loaded = loadBundles(config, trust);
        Map<String, java.nio.file.Path> configuredDirs = new java.util.TreeMap<>();
        for (Map.Entry<SensorKind, ModelBundle> e : loaded.entrySet()) {
            configuredDirs.put(e.getValue().manifest().name(), e.getValue().dir());
            if (store != null) {
                // A version installed over the air (and whole: never a half-installed one) replaces the configured one.
                e.setValue(OtaClient.atStart(store, e.getValue(), trust));
            }
        }
        this.bundles = new BundleSet(0, Map.copyOf(loaded));
        loaded.forEach((kind, b) -> observer.onModelRunning(kind, new ModelRef(b.manifest().name(), b.manifest().version())));
        for (EscalationReason r : EscalationReason.values()) {
            escalated.put(r, new LongAdder());
        }
        // Interpreters are opened by each worker on its own thread; open one here first so that a model
        // that cannot run fails the start, not the first window.
        for (ModelBundle b : bundles.byKind().values()) {
            try (ScoringModel probe = openModel(b)) {
                log.info("edge model {} ready on {} ({} bytes)", ref(probe), probe.backend(), b.modelSize());
            }
        }
        java.util.Optional<java.nio.file.Path> tmp = java.util.Optional.empty();
        Outbox box;
        try {
            OutboxOptions oo;
            if (config.outbox().isPresent()) {
                oo = config.outbox().get();
            } else {
                tmp = java.util.Optional.of(java.nio.file.Files.createTempDirectory("cascade-edge-outbox-"));
                oo = OutboxOptions.defaults(tmp.get());
                log.warn("edge agent {} has no outbox folder configured (edge.outbox.dir): escalations are held in {}"
                        + " through an uplink outage, not through a restart", config.gatewayId(), tmp.get());
            }
            box = Outbox.open(oo, clock);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the edge outbox: " + e.getMessage(), e);
        }
        MqttConnection sens = null;
        MqttConnection cmds = null;
        dev.cascade.transport.mqtt.MqttLink cloud = null;
        Uplink u = null;
        DeviceSide dev = null;
        OtaClient otaClient = null;
        try {
            // The sensors' connection only receives: its callback thread blocks when the workers' queues are full,
            // and whatever the workers publish (escalations, their own commands) must still get its acknowledgements
            // meanwhile, so it goes out on connections of its own (one shared connection deadlocked once the edge
            // fell 10,000 windows behind).
            // The uplink connects by itself (also when its broker is down at start): offline is normal.
            u = new Uplink(config.uplinkMqtt(), topics, config.gatewayId(), config.uplink(), box, clock,
                    observer::onEscalationSent);
            sens = MqttConnection.open(config.sensorMqtt());
            // Commands go to actuators on the local (sensor) broker.
            cmds = MqttConnection.open(config.sensorMqtt().withClientId(config.sensorMqtt().clientId() + "-commands"));
            this.actions = new LocalActions(cmds, topics, clock, config.commandTtl(), config.irrigation(),
                    config.actionCooldown());
            // The device side (cloud commands for driven outputs, acks, heartbeats, remote configuration) has its own
            // connection to the cloud broker, apart from the outbox's uplink.
            // When the cloud is unreachable at start it connects in the background: offline is normal. Its client
            // (Paho or the AWS IoT Device SDK) is edge.uplink.transport's; its subscriptions are in place before it
            // connects, so QoS 1 commands a persistent session kept while the agent was away reach the executor.
            dev.cascade.edge.uplink.UplinkTransport transport = config.uplink().transport();
            dev = new DeviceSide(deviceOptions, config.gatewayId(), topics,
                    routes -> transport.openOrKeepTrying(config.uplinkMqtt(), "-device", routes), clock, actions::send,
                    new RemoteSettings("", config.policy(), config.irrigation().belowPct()), this::apply, this::stats,
                    this::runningRefs);
            cloud = dev.link();
            if (!transport.persistentSession(config.uplinkMqtt())) {
                log.info("edge agent {}: the device link keeps no session (clean start or session expiry 0): commands"
                        + " sent while it is offline are lost", config.gatewayId());
            }
            this.device = dev;
            if (otaOptions.isPresent()) {
                otaClient = new OtaClient(otaOptions.get(), config.gatewayId(), topics, cloud, clock, trust, store,
                        new Switch(), modelCounters, configuredDirs);
            }
            for (int i = 0; i < config.workers(); i++) {
                Worker w = new Worker(i);
                workers.add(w);
                w.thread.start();
            }
            sens.subscribe(topics.mqttFilter(Channel.WINDOWS), 1, this::onWindow);
        } catch (RuntimeException e) {
            for (Worker w : workers) {
                w.stop();
            }
            if (otaClient != null) {
                otaClient.close();
            }
            if (dev != null) {
                dev.close();
            }
            if (u != null) {
                u.close();
            }
            if (sens != null) {
                sens.close();
            }
            if (cmds != null) {
                cmds.close();
            }
            if (cloud != null) {
                cloud.close();
            }
            box.close();
            deleteThrowAway(tmp);
            throw e;
        }
        this.ota = Optional.ofNullable(otaClient);
        this.outbox = box;
        this.throwAwayOutbox = tmp;
        this.sensors = sens;
        this.commandsOut = cmds;
        this.cloudDevice = cloud;
        this.uplink = u;
        log.info("edge agent {} scoring {} windows from {}", config.gatewayId(), bundles.byKind().keySet(),
                config.sensorMqtt().serverUri());
    }

    /** Loads and verifies the models, connects, and starts scoring. */
    public static EdgeAgent start(EdgeConfig config, InstantSource clock) throws ModelBundleException {
        return new EdgeAgent(config, DeviceOptions.defaults(), Optional.empty(), clock, EdgeObserver.NONE);
    }

    /** As {@link #start(EdgeConfig, InstantSource)}, reporting to {@code observer}. */
    public static EdgeAgent start(EdgeConfig config, InstantSource clock, EdgeObserver observer)
            throws ModelBundleException {
        return new EdgeAgent(config, DeviceOptions.defaults(), Optional.empty(), clock, observer);
    }

    /** As {@link #start(EdgeConfig, InstantSource, EdgeObserver)}, with the device-side options (outputs, heartbeat, ...). */
    public static EdgeAgent start(EdgeConfig config, DeviceOptions device, InstantSource clock, EdgeObserver observer)
            throws ModelBundleException {
        return new EdgeAgent(config, device, Optional.empty(), clock, observer);
    }

    /**
     * As {@link #start(EdgeConfig, DeviceOptions, InstantSource, EdgeObserver)}, taking over-the-air model updates
     * when {@code ota} is present (on the device link to the cloud broker).
     */
    public static EdgeAgent start(EdgeConfig config, DeviceOptions device, Optional<OtaOptions> ota, InstantSource clock,
                                  EdgeObserver observer) throws ModelBundleException {
        return new EdgeAgent(config, device, ota, clock, observer);
    }

    /** The agent's half of an update: the running bundle per model name, and the swap the workers pick up. */
    private final class Switch implements ModelSwitch {
        @Override
        public Optional<ModelBundle> running(String name) {
            for (ModelBundle b : bundles.byKind().values()) {
                if (b.manifest().name().equals(name)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }

        @Override
        public void swap(ModelBundle bundle) {
            synchronized (EdgeAgent.this) {
                BundleSet now = bundles;
                Map<SensorKind, ModelBundle> next = new EnumMap<>(SensorKind.class);
                next.putAll(now.byKind());
                for (Map.Entry<SensorKind, ModelBundle> e : next.entrySet()) {
                    if (e.getValue().manifest().name().equals(bundle.manifest().name())) {
                        e.setValue(bundle);
                    }
                }
                bundles = new BundleSet(now.number() + 1, Map.copyOf(next));
                next.forEach((kind, b) -> {
                    if (b == bundle) {
                        observer.onModelRunning(kind, new ModelRef(bundle.manifest().name(), bundle.manifest().version()));
                    }
                });
            }
            log.info("edge agent {} now scores with {}", config.gatewayId(), bundle.manifest().ref());
        }
    }

    private List<ModelRef> runningRefs() {
        List<ModelRef> refs = new ArrayList<>();
        for (ModelBundle b : bundles.byKind().values()) {
            refs.add(new ModelRef(b.manifest().name(), b.manifest().version()));
        }
        return refs;
    }

    private void apply(RemoteSettings s) {
        policy = s.policy();
        decider = new Decider(s.policy());
        irrigationBelowPct = s.irrigationBelowPct();
    }

    private static TrustedKeys trustedKeys(EdgeConfig config) throws ModelBundleException {
        if (config.trustedKeys().isEmpty()) {
            return null;
        }
        try {
            return TrustedKeys.read(config.trustedKeys().get());
        } catch (IOException e) {
            throw new ModelBundleException(config.trustedKeys().get(), "cannot read trusted keys: " + e.getMessage(), e);
        }
    }

    private static Map<SensorKind, ModelBundle> loadBundles(EdgeConfig config, TrustedKeys trust)
            throws ModelBundleException {
        Map<SensorKind, ModelBundle> out = new EnumMap<>(SensorKind.class);
        for (Map.Entry<SensorKind, java.nio.file.Path> e : config.models().entrySet()) {
            out.put(e.getKey(), trust == null ? ModelBundle.load(e.getValue()) : ModelBundle.load(e.getValue(), trust));
        }
        return out;
    }

    private void onWindow(String topic, byte[] payload, Delivery delivery) throws InterruptedException {
        windows.increment();
        // Route by device so that one device's windows stay in order on one worker.
        int slash = topic.lastIndexOf('/');
        int prev = topic.lastIndexOf('/', slash - 1);
        String device = topic.substring(prev + 1, Math.max(prev + 1, slash));
        // Never block the MQTT callback: a worker that is this far behind sheds the window (counted).
        if (!workers.get(Math.floorMod(device.hashCode(), workers.size())).queue.offer(new Inbound(device, payload, null))) {
            windowsShed.increment();
            rejections.refused(device, new Rejection(RejectReason.INTERNAL_ERROR, "worker queue full (10,000 windows):"
                    + " window shed"));
        }
    }

    /**
     * Takes a window from a sensor attached in-process (a {@link dev.cascade.edge.sensor.SensorAdapter}), without a
     * broker hop or decoding; checked and scored like one from the broker. Waits while its worker's queue is full.
     */
    public void accept(SensorWindow window) throws InterruptedException {
        windows.increment();
        String device = window.deviceId().value();
        workers.get(Math.floorMod(device.hashCode(), workers.size())).queue.put(new Inbound(device, null, window));
    }

    /** One message from the sensors' broker, with the device its topic names (or an in-process sensor's window). */
    private record Inbound(String topicDevice, byte[] payload, SensorWindow window) {}

    /** Human-readable descriptions of workers that died, are restarting or stalled; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Worker w : workers) {
            if (!w.running) {
                continue;
            }
            if (!w.thread.isAlive()) {
                out.add(w.thread.getName() + " is dead (" + w.queue.size() + " windows queued)");
            } else if (w.failure != null) {
                out.add(w.thread.getName() + " is restarting after: " + w.failure);
            } else if (!w.queue.isEmpty() && Duration.between(w.lastProgress, now).compareTo(STALL) > 0) {
                out.add(w.thread.getName() + " has made no progress for " + Duration.between(w.lastProgress, now).toSeconds()
                        + " s with " + w.queue.size() + " windows queued");
            }
        }
        return out;
    }

    private final class Worker {
        final BlockingQueue<Inbound> queue = new ArrayBlockingQueue<>(10_000);
        final Thread thread;
        final SplittableRandom random;
        final WindowGuard guard = new WindowGuard(config.limits(), config.freshness());
        final Map<SensorKind, ScoringModel> models = new EnumMap<>(SensorKind.class);
        final Map<SensorKind, ModelRef> refs = new EnumMap<>(SensorKind.class);
        long bundleSet = -1;
        volatile boolean running = true;
        volatile String failure;
        volatile Instant lastProgress = clock.instant();

        Worker(int index) {
            this.random = new SplittableRandom(index * 7919L + 17);
            this.thread = new Thread(this::supervise, "cascade-edge-worker-" + index);
            thread.setDaemon(true);
        }

        /**
         * Runs the loop, restarting it (fresh interpreters, the same queue) with a growing back-off if it ever
         * fails: a record cannot get here (each is handled and classified on its own), so this is a defect
         * or the runtime failing, logged at ERROR and counted.
         */
        void supervise() {
            long backoffMs = 100;
            while (running) {
                try {
                    loop();
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable t) {
                    if (!running) {
                        return;
                    }
                    restarts.increment();
                    failure = t.toString();
                    log.error("edge worker {} failed; restarting it in {} ms ({} restarts so far)", thread.getName(),
                            backoffMs, restarts.sum(), t);
                    closeModels();
                    try {
                        Thread.sleep(backoffMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                    backoffMs = Math.min(30_000, backoffMs * 2);
                } finally {
                    closeModels();
                }
            }
        }

        private void loop() throws InterruptedException, ModelBundleException {
            BundleSet set = bundles;
            for (Map.Entry<SensorKind, ModelBundle> e : set.byKind().entrySet()) {
                models.put(e.getKey(), openModel(e.getValue()));
                refs.put(e.getKey(), ref(models.get(e.getKey())));
            }
            bundleSet = set.number();
            failure = null;
            while (running || !queue.isEmpty()) {
                Inbound in = queue.poll(100, TimeUnit.MILLISECONDS);
                if (in != null) {
                    if (bundleSet != bundles.number()) {
                        reopen(bundles);
                    }
                    // Log lines about this window (refusals, actions, interlocks) carry its device and correlation id.
                    try (LogContext ignored = LogContext.device(in.topicDevice())) {
                        try {
                            handle(in);
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (RuntimeException e) {
                            // A bad record that a check should have caught: refuse it, keep the worker.
                            log.debug("window from {} failed", in.topicDevice(), e);
                            rejections.refused(in.topicDevice(), new Rejection(RejectReason.INTERNAL_ERROR, e.toString()));
                        } catch (Error e) {
                            // The runtime failing (or a defect): account for the window, then restart the worker.
                            rejections.refused(in.topicDevice(), new Rejection(RejectReason.INTERNAL_ERROR, e.toString()));
                            throw e;
                        }
                    }
                    lastProgress = clock.instant();
                }
            }
        }

        private void closeModels() {
            for (ScoringModel m : models.values()) {
                m.close();
            }
            models.clear();
            refs.clear();
        }

        /**
         * Between two windows, opens the interpreters of a new set of bundles (after an over-the-air swap), so each
         * window is scored whole by the old or by the new version; a model that cannot be opened here is counted
         * against its version (the update watch rolls it back) and the old one stays for this worker.
         */
        private void reopen(BundleSet set) {
            for (Map.Entry<SensorKind, ModelBundle> e : set.byKind().entrySet()) {
                ScoringModel old = models.get(e.getKey());
                ModelRef want = new ModelRef(e.getValue().manifest().name(), e.getValue().manifest().version());
                if (old != null && old.manifest().equals(e.getValue().manifest())) {
                    continue;
                }
                try {
                    ScoringModel fresh = openModel(e.getValue());
                    models.put(e.getKey(), fresh);
                    refs.put(e.getKey(), want);
                    if (old != null) {
                        old.close();
                    }
                } catch (ModelBundleException | RuntimeException ex) {
                    modelCounters.failed(want);
                    log.error("edge worker {} cannot open {}; keeps {}", thread.getName(), want,
                            old == null ? "no model" : ref(old), ex);
                }
            }
            bundleSet = set.number();
        }

        void handle(Inbound in) throws InterruptedException {
            Decoded<SensorWindow> d = in.window() != null ? Decoded.accepted(in.window())
                    : Codecs.sensorWindow().decode(in.payload());
            if (d instanceof Decoded.Rejected<SensorWindow> r) {
                rejections.refused(in.topicDevice(), r.rejection());
                return;
            }
            SensorWindow w = d.orElseThrow();
            // Until the worker's LogContext closes, log lines about this window also carry its correlation id.
            MDC.put(LogContext.CORRELATION_ID, w.correlationId().value());
            device.sensors.seen(w.deviceId(), clock.instant());
            Rejection refused = guard.check(in.topicDevice(), w, clock.instant()).orElse(null);
            if (refused != null) {
                rejections.refused(in.topicDevice(), refused);
                return;
            }
            ScoringModel model = models.get(w.kind());
            if (model == null) {
                escalate(w, 0f, EscalationReason.NO_MODEL, NO_MODEL);
                return;
            }
            ModelRef ref = refs.get(w.kind());
            modelCounters.window(ref);
            if (!model.fits(w.samples().size(), w.samples().channels())) {
                rejections.refused(in.topicDevice(), new Rejection(RejectReason.INVALID, "samples must hold "
                        + model.windowValues() + " values in " + model.channels() + " channel(s) for " + ref(model)
                        + ", was " + w.samples().size() + " in " + w.samples().channels()));
                return;
            }
            EscalationPolicy policy = EdgeAgent.this.policy;
            if (w.kind() == SensorKind.VIBRATION && policy.idleRmsG() > 0
                    && rms(w) < policy.idleRmsG()) {
                idle.increment();
                decidedLocally.increment();
                observer.onDecision(w, Float.NaN, Decision.NORMAL);
                return;
            }
            if (input.length != model.windowValues()) {
                input = new float[model.windowValues()];
            }
            w.samples().copyTo(0, input, 0, input.length);
            long scoring = System.nanoTime();
            Scored scored = model.score(input, w.samples().channels());
            device.inference.record(System.nanoTime() - scoring);
            if (scored instanceof Scored.NonFinite nf) {
                modelCounters.failed(ref);
                rejections.refused(in.topicDevice(), new Rejection(RejectReason.NON_FINITE, nf.detail()));
                return;
            }
            Scored.Value value = (Scored.Value) scored;
            float score = value.score();
            if (value.isOutOfDistribution()) {
                // Outside the data the model knows its score means little: the cloud decides, the edge does not act.
                log.debug("{} escalated out of distribution: {}", w.correlationId(), value.outOfDistribution());
                escalate(w, score, EscalationReason.OUT_OF_DISTRIBUTION, ref);
                return;
            }
            boolean forecast = !model.scorer().rule().positiveAbove();
            Optional<Double> below = irrigationBelowPct;
            double threshold = forecast && below.isPresent() ? below.get() : model.scorer().threshold();
            Decision decision = decider.decide(score, threshold, model.scorer().rule(), model.manifest().calibration());
            observer.onDecision(w, score, decision);
            switch (decision) {
                case NORMAL -> {
                    decidedLocally.increment();
                    if (policy.auditRate() > 0 && random.nextDouble() < policy.auditRate()) {
                        escalate(w, score, EscalationReason.AUDIT_SAMPLE, ref);
                    }
                }
                case ACT -> {
                    if (!policy.actLocally()) {
                        escalate(w, score, EscalationReason.ACTION_NEEDED, ref);
                    } else {
                        // Escalate what the edge did so the cloud confirms and alerts; while an action is
                        // already in effect (cooldown) there is nothing new to report; an action an interlock
                        // refused (or whose output failed) is the cloud's to decide.
                        Boolean acted = act(w, ref, score, forecast ? threshold - score : 0);
                        if (acted == null || acted) {
                            decidedLocally.increment();
                        }
                        if (acted != null) {
                            escalate(w, score, acted ? EscalationReason.ACTED_LOCALLY : EscalationReason.ACTION_NEEDED, ref);
                        }
                    }
                }
                case UNCERTAIN -> escalate(w, score, EscalationReason.UNCERTAIN, ref);
                default -> throw new IllegalStateException("unknown decision " + decision);
            }
        }

        private float[] input = new float[0];

        private double rms(SensorWindow w) {
            double sum = 0;
            int n = w.samples().size();
            for (int i = 0; i < n; i++) {
                double v = w.samples().get(i);
                sum += v * v;
            }
            return Math.sqrt(sum / n);
        }

        /**
         * Carries out the edge's own command through the executor: true if done, false if an interlock refused it or
         * its output failed (counted there by rule), null if the device is already being acted on (cooldown).
         */
        Boolean act(SensorWindow w, ModelRef ref, float score, double deficit) {
            Command c = actions.commandFor(w, "edge model " + ref + " score " + score, deficit).orElse(null);
            if (c == null) {
                return null;
            }
            if (!device.executeLocal(c)) {
                return false;
            }
            localActions.increment();
            observer.onLocalAction(c);
            long micros = Duration.between(w.sentAt(), clock.instant()).toNanos() / 1000;
            localActionMicros.recordValue(Math.max(0, micros));
            return true;
        }

        void escalate(SensorWindow w, float score, EscalationReason reason, ModelRef ref) throws InterruptedException {
            escalated.get(reason).increment();
            if (reason != EscalationReason.AUDIT_SAMPLE && reason != EscalationReason.NO_MODEL) {
                modelCounters.escalated(ref);
            }
            // Appends to the durable outbox; never waits for the network (a full outbox refuses by its policy, counted).
            uplink.submit(new Escalation(w, score, reason, ref, clock.instant()));
        }

        void stop() {
            running = false;
            thread.interrupt();
        }
    }

    private static ModelRef ref(ScoringModel m) {
        return new ModelRef(m.manifest().name(), m.manifest().version());
    }

    private static ScoringModel openModel(ModelBundle b) throws ModelBundleException {
        return new ScoringModel(b, TfliteRunner.open(b, TfliteOptions.DEFAULT));
    }

    /** Counters so far. */
    public EdgeStats stats() {
        Map<EscalationReason, Long> esc = new EnumMap<>(EscalationReason.class);
        escalated.forEach((r, n) -> esc.put(r, n.sum()));
        long p50;
        long p99;
        synchronized (localActionTotal) {
            localActionTotal.add(localActionMicros.getIntervalHistogram());
            p50 = localActionTotal.getTotalCount() == 0 ? 0 : localActionTotal.getValueAtPercentile(50);
            p99 = localActionTotal.getTotalCount() == 0 ? 0 : localActionTotal.getValueAtPercentile(99);
        }
        return new EdgeStats(windows.sum(), rejections.total(), decidedLocally.sum(), idle.sum(), esc, localActions.sum(), uplink.sent(),
                uplink.messages(), uplink.bytes(), uplink.backlog(), p50, p99,
                rejections.counts(), restarts.sum());
    }

    /** What the agent has done for its device: commands executed and refused by rule, heartbeats, silent sensors. */
    public DeviceStats deviceStats() {
        return device.stats();
    }

    /** Makes and sends a heartbeat now (besides the periodic ones); the heartbeat sent, or null if none could be made. */
    public dev.cascade.protocol.telemetry.Heartbeat heartbeatNow() {
        return device.heartbeat();
    }

    /** Whether the agent may be sent windows: models warmed and subscribed (done at start), its MQTT connections up. */
    public boolean ready() {
        // The uplink is not required: offline is normal, what must go up waits in the outbox.
        if (!sensors.connected() || !commandsOut.connected()) {
            return false;
        }
        for (Worker w : workers) {
            if (!w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Finishes the windows already received, sends what is queued (up to a few seconds), disconnects. */
    @Override
    public void close() {
        if (sensors != null) {
            sensors.close();
        }
        for (Worker w : workers) {
            w.running = false;
        }
        for (Worker w : workers) {
            try {
                w.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.thread.isAlive()) {
                w.stop();
            }
        }
        ota.ifPresent(OtaClient::close);
        device.close();
        cloudDevice.close();
        uplink.close();
        commandsOut.close();
        outbox.close();
        deleteThrowAway(throwAwayOutbox);
    }

    /** What the over-the-air update client has done, or empty when the agent takes no updates. */
    public Optional<OtaStats> otaStats() {
        return ota.map(OtaClient::stats);
    }

    /** Bytes of {@code model}'s update archive staged on disk (0 when none, or when the agent takes no updates). */
    public long otaStaged(ModelRef model) {
        return ota.map(o -> o.staged(model)).orElse(0L);
    }

        /** Windows handed to each model version so far ({@code name@version}). */
    public Map<String, Long> windowsByModel() {
        return modelCounters.windowsByModel();
    }

    /** The model versions the workers score with now. */
    public List<ModelRef> runningModels() {
        return runningRefs();
    }

    /** What the outbox holds, has dropped, refused and recovered. */
    public OutboxStats outboxStats() {
        return outbox.stats();
    }

    /** Windows shed because their worker's queue was full (the MQTT callback never waits). */
    public long windowsShed() {
        return windowsShed.sum();
    }

    /** Whether the uplink's connection is up. */
    public boolean uplinkConnected() {
        return uplink.connected();
    }

    private static void deleteThrowAway(java.util.Optional<java.nio.file.Path> dir) {
        if (dir.isEmpty()) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir.get())) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}", dir.get(), e);
        }
    }

}
