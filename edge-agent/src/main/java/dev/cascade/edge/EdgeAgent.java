package dev.cascade.edge;

import dev.cascade.edge.action.LocalActions;
import dev.cascade.edge.decide.Decider;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.guard.RejectionLog;
import dev.cascade.edge.guard.WindowGuard;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
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
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent that runs on a Raspberry Pi or gateway: receives sensor windows over MQTT, scores them with
 * int8 TFLite models, decides alone when its model is sure (acting locally when action is needed) and
 * escalates to the cloud when it is not. Windows of one device are handled in order by one worker
 * thread that owns its interpreters. Thread-safe; must be closed.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);
    private static final ModelRef NO_MODEL = new ModelRef("none", "0");

    private final EdgeConfig config;
    private final InstantSource clock;
    private final EdgeObserver observer;
    private final Topics topics;
    private final Map<SensorKind, ModelBundle> bundles;
    private final Decider decider;
    private final MqttConnection sensors;
    private final MqttConnection commandsOut;
    private final MqttConnection uplinkConnection;
    private final Uplink uplink;
    private final LocalActions actions;
    private final List<Worker> workers = new ArrayList<>();

    private final LongAdder windows = new LongAdder();
    private static final Duration STALL = Duration.ofSeconds(30);
    private final RejectionLog rejections;
    private final LongAdder restarts = new LongAdder();
    private final LongAdder decidedLocally = new LongAdder();
    private final LongAdder idle = new LongAdder();
    private final Map<EscalationReason, LongAdder> escalated = new EnumMap<>(EscalationReason.class);
    private final LongAdder localActions = new LongAdder();
    private final Recorder localActionMicros = new Recorder(3);
    private final Histogram localActionTotal = new Histogram(3);

    private EdgeAgent(EdgeConfig config, InstantSource clock, EdgeObserver observer) throws ModelBundleException {
        this.config = config;
        this.clock = clock;
        this.observer = observer;
        this.topics = config.topics();
        this.decider = new Decider(config.policy());
        this.rejections = new RejectionLog(log, clock, Duration.ofMinutes(1));
        this.bundles = loadBundles(config);
        for (EscalationReason r : EscalationReason.values()) {
            escalated.put(r, new LongAdder());
        }
        // Interpreters are opened by each worker on its own thread; open one here first so that a model
        // that cannot run fails the start, not the first window.
        for (ModelBundle b : bundles.values()) {
            try (ScoringModel probe = openModel(b)) {
                log.info("edge model {} ready on {} ({} bytes)", ref(probe), probe.backend(), b.modelSize());
            }
        }
        MqttConnection up = null;
        MqttConnection sens = null;
        MqttConnection cmds = null;
        Uplink u = null;
        try {
            // The sensors' connection only receives: its callback thread blocks when the workers' queues are full,
            // and whatever the workers publish (escalations, their own commands) must still get its acknowledgements
            // meanwhile, so it goes out on connections of its own (one shared connection deadlocked once the edge
            // fell 10,000 windows behind).
            up = MqttConnection.open(config.uplinkMqtt());
            u = new Uplink(up, topics, config.gatewayId(), config.uplink(), observer::onEscalationSent);
            sens = MqttConnection.open(config.sensorMqtt());
            // Commands go to actuators on the local (sensor) broker.
            cmds = MqttConnection.open(config.sensorMqtt().withClientId(config.sensorMqtt().clientId() + "-commands"));
            this.actions = new LocalActions(cmds, topics, clock, config.commandTtl(), config.irrigation(),
                    config.actionCooldown());
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
            if (u != null) {
                u.close();
            }
            if (sens != null) {
                sens.close();
            }
            if (cmds != null) {
                cmds.close();
            }
            if (up != null) {
                up.close();
            }
            throw e;
        }
        this.uplinkConnection = up;
        this.sensors = sens;
        this.commandsOut = cmds;
        this.uplink = u;
        log.info("edge agent {} scoring {} windows from {}", config.gatewayId(), bundles.keySet(), config.sensorMqtt().serverUri());
    }

    /** Loads and verifies the models, connects, and starts scoring. */
    public static EdgeAgent start(EdgeConfig config, InstantSource clock) throws ModelBundleException {
        return new EdgeAgent(config, clock, EdgeObserver.NONE);
    }

    /** As {@link #start(EdgeConfig, InstantSource)}, reporting to {@code observer}. */
    public static EdgeAgent start(EdgeConfig config, InstantSource clock, EdgeObserver observer)
            throws ModelBundleException {
        return new EdgeAgent(config, clock, observer);
    }

    private static Map<SensorKind, ModelBundle> loadBundles(EdgeConfig config) throws ModelBundleException {
        TrustedKeys trust = null;
        if (config.trustedKeys().isPresent()) {
            try {
                trust = TrustedKeys.read(config.trustedKeys().get());
            } catch (IOException e) {
                throw new ModelBundleException(config.trustedKeys().get(), "cannot read trusted keys: " + e.getMessage(), e);
            }
        }
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
        workers.get(Math.floorMod(device.hashCode(), workers.size())).queue.put(new Inbound(device, payload));
    }

    /** One message from the sensors' broker, with the device its topic names. */
    private record Inbound(String topicDevice, byte[] payload) {}

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
            for (Map.Entry<SensorKind, ModelBundle> e : bundles.entrySet()) {
                models.put(e.getKey(), openModel(e.getValue()));
            }
            failure = null;
            while (running || !queue.isEmpty()) {
                Inbound in = queue.poll(100, TimeUnit.MILLISECONDS);
                if (in != null) {
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
                    lastProgress = clock.instant();
                }
            }
        }

        private void closeModels() {
            for (ScoringModel m : models.values()) {
                m.close();
            }
            models.clear();
        }

        void handle(Inbound in) throws InterruptedException {
            Decoded<SensorWindow> d = Codecs.sensorWindow().decode(in.payload());
            if (d instanceof Decoded.Rejected<SensorWindow> r) {
                rejections.refused(in.topicDevice(), r.rejection());
                return;
            }
            SensorWindow w = d.orElseThrow();
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
            if (!model.fits(w.samples().size(), w.samples().channels())) {
                rejections.refused(in.topicDevice(), new Rejection(RejectReason.INVALID, "samples must hold "
                        + model.windowValues() + " values in " + model.channels() + " channel(s) for " + ref(model)
                        + ", was " + w.samples().size() + " in " + w.samples().channels()));
                return;
            }
            if (w.kind() == SensorKind.VIBRATION && config.policy().idleRmsG() > 0
                    && rms(w) < config.policy().idleRmsG()) {
                idle.increment();
                decidedLocally.increment();
                observer.onDecision(w, Float.NaN, Decision.NORMAL);
                return;
            }
            if (input.length != model.windowValues()) {
                input = new float[model.windowValues()];
            }
            w.samples().copyTo(0, input, 0, input.length);
            Scored scored = model.score(input, w.samples().channels());
            if (scored instanceof Scored.NonFinite nf) {
                rejections.refused(in.topicDevice(), new Rejection(RejectReason.NON_FINITE, nf.detail()));
                return;
            }
            Scored.Value value = (Scored.Value) scored;
            float score = value.score();
            ModelRef ref = ref(model);
            if (value.isOutOfDistribution()) {
                // Outside the data the model knows its score means little: the cloud decides, the edge does not act.
                log.debug("{} escalated out of distribution: {}", w.correlationId(), value.outOfDistribution());
                escalate(w, score, EscalationReason.OUT_OF_DISTRIBUTION, ref);
                return;
            }
            boolean forecast = !model.scorer().rule().positiveAbove();
            double threshold = forecast && config.irrigation().belowPct().isPresent()
                    ? config.irrigation().belowPct().get() : model.scorer().threshold();
            Decision decision = decider.decide(score, threshold, model.scorer().rule(), model.manifest().calibration());
            observer.onDecision(w, score, decision);
            switch (decision) {
                case NORMAL -> {
                    decidedLocally.increment();
                    if (config.policy().auditRate() > 0 && random.nextDouble() < config.policy().auditRate()) {
                        escalate(w, score, EscalationReason.AUDIT_SAMPLE, ref);
                    }
                }
                case ACT -> {
                    if (!config.policy().actLocally()) {
                        escalate(w, score, EscalationReason.ACTION_NEEDED, ref);
                    } else {
                        decidedLocally.increment();
                        // Escalate what the edge did so the cloud confirms and alerts; while an action is
                        // already in effect (cooldown) there is nothing new to report.
                        if (act(w, ref, score, forecast ? threshold - score : 0)) {
                            escalate(w, score, EscalationReason.ACTED_LOCALLY, ref);
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

        /** Sends the edge's own command; false if the device is already being acted on (cooldown). */
        boolean act(SensorWindow w, ModelRef ref, float score, double deficit) {
            Command c = actions.commandFor(w, "edge model " + ref + " score " + score, deficit).orElse(null);
            if (c == null) {
                return false;
            }
            actions.send(c);
            localActions.increment();
            observer.onLocalAction(c);
            long micros = Duration.between(w.sentAt(), clock.instant()).toNanos() / 1000;
            localActionMicros.recordValue(Math.max(0, micros));
            return true;
        }

        void escalate(SensorWindow w, float score, EscalationReason reason, ModelRef ref) throws InterruptedException {
            escalated.get(reason).increment();
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

    /** Whether the agent may be sent windows: models warmed and subscribed (done at start), its MQTT connections up. */
    public boolean ready() {
        if (!uplinkConnection.connected() || !sensors.connected() || !commandsOut.connected()) {
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
        uplink.close();
        commandsOut.close();
        uplinkConnection.close();
    }

}
