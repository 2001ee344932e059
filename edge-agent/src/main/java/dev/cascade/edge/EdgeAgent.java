package dev.cascade.edge;

import dev.cascade.edge.action.LocalActions;
import dev.cascade.edge.decide.Decider;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.model.EdgeModel;
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
    private final MqttConnection uplinkConnection;
    private final Uplink uplink;
    private final LocalActions actions;
    private final List<Worker> workers = new ArrayList<>();

    private final LongAdder windows = new LongAdder();
    private final LongAdder rejected = new LongAdder();
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
        this.bundles = loadBundles(config);
        for (EscalationReason r : EscalationReason.values()) {
            escalated.put(r, new LongAdder());
        }
        // Interpreters are opened by each worker on its own thread; open one here first so that a model
        // that cannot run fails the start, not the first window.
        for (ModelBundle b : bundles.values()) {
            try (EdgeModel probe = EdgeModel.open(b)) {
                log.info("edge model {} ready on {} ({} bytes)", probe.ref(), probe.backend(), b.modelSize());
            }
        }
        MqttConnection up = null;
        MqttConnection sens = null;
        Uplink u = null;
        try {
            up = MqttConnection.open(config.uplinkMqtt());
            u = new Uplink(up, topics, config.gatewayId(), config.uplink(), observer::onEscalationSent);
            LocalActions a = new LocalActions(up, topics, clock, config.commandTtl(), config.irrigation(),
                    config.actionCooldown());
            if (!config.sensorMqtt().serverUri().equals(config.uplinkMqtt().serverUri())) {
                // Commands go to actuators on the local (sensor) broker.
                sens = MqttConnection.open(config.sensorMqtt());
                a = new LocalActions(sens, topics, clock, config.commandTtl(), config.irrigation(),
                        config.actionCooldown());
            }
            this.actions = a;
            for (int i = 0; i < config.workers(); i++) {
                Worker w = new Worker(i);
                workers.add(w);
                w.thread.start();
            }
            MqttConnection in = sens != null ? sens : up;
            in.subscribe(topics.mqttFilter(Channel.WINDOWS), 1, this::onWindow);
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
            if (up != null) {
                up.close();
            }
            throw e;
        }
        this.uplinkConnection = up;
        this.sensors = sens;
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
        int h = topic.substring(prev + 1, Math.max(prev + 1, slash)).hashCode();
        workers.get(Math.floorMod(h, workers.size())).queue.put(payload);
    }

    private final class Worker {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(10_000);
        final Thread thread;
        final SplittableRandom random;
        final Map<SensorKind, EdgeModel> models = new EnumMap<>(SensorKind.class);
        volatile boolean running = true;

        Worker(int index) {
            this.random = new SplittableRandom(index * 7919L + 17);
            this.thread = new Thread(this::run, "cascade-edge-worker-" + index);
            thread.setDaemon(true);
        }

        void run() {
            try {
                for (Map.Entry<SensorKind, ModelBundle> e : bundles.entrySet()) {
                    models.put(e.getKey(), EdgeModel.open(e.getValue()));
                }
                while (running || !queue.isEmpty()) {
                    byte[] payload = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (payload != null) {
                        handle(payload);
                    }
                }
            } catch (InterruptedException e) {
                // closing
            } catch (ModelBundleException | RuntimeException e) {
                log.error("edge worker {} stopped", thread.getName(), e);
            } finally {
                for (EdgeModel m : models.values()) {
                    m.close();
                }
            }
        }

        void handle(byte[] payload) throws InterruptedException {
            Decoded<SensorWindow> d = Codecs.sensorWindow().decode(payload);
            if (d instanceof Decoded.Rejected<SensorWindow> r) {
                rejected.increment();
                log.debug("refused window: {}", r.rejection());
                return;
            }
            SensorWindow w = d.orElseThrow();
            EdgeModel model = models.get(w.kind());
            if (model == null) {
                escalate(w, 0f, EscalationReason.NO_MODEL, NO_MODEL);
                return;
            }
            if (w.samples().size() != model.windowValues()) {
                rejected.increment();
                log.debug("window of {} holds {} values, {} takes {}", w.deviceId(), w.samples().size(), model.ref(),
                        model.windowValues());
                return;
            }
            if (w.kind() == SensorKind.VIBRATION && config.policy().idleRmsG() > 0
                    && rms(w) < config.policy().idleRmsG()) {
                idle.increment();
                decidedLocally.increment();
                observer.onDecision(w, Float.NaN, Decision.NORMAL);
                return;
            }
            float score;
            try {
                score = model.score(w);
            } catch (IllegalArgumentException e) {
                rejected.increment();
                log.debug("window does not fit its model: {}", e.getMessage());
                return;
            }
            boolean forecast = !model.scorer().rule().positiveAbove();
            double threshold = forecast && config.irrigation().belowPct().isPresent()
                    ? config.irrigation().belowPct().get() : model.scorer().threshold();
            Decision decision = decider.decide(score, threshold, model.scorer().rule());
            observer.onDecision(w, score, decision);
            switch (decision) {
                case NORMAL -> {
                    decidedLocally.increment();
                    if (config.policy().auditRate() > 0 && random.nextDouble() < config.policy().auditRate()) {
                        escalate(w, score, EscalationReason.AUDIT_SAMPLE, model.ref());
                    }
                }
                case ACT -> {
                    if (!config.policy().actLocally()) {
                        escalate(w, score, EscalationReason.ACTION_NEEDED, model.ref());
                    } else {
                        decidedLocally.increment();
                        // Escalate what the edge did so the cloud confirms and alerts; while an action is
                        // already in effect (cooldown) there is nothing new to report.
                        if (act(w, model.ref(), score, forecast ? threshold - score : 0)) {
                            escalate(w, score, EscalationReason.ACTED_LOCALLY, model.ref());
                        }
                    }
                }
                case UNCERTAIN -> escalate(w, score, EscalationReason.UNCERTAIN, model.ref());
                default -> throw new IllegalStateException("unknown decision " + decision);
            }
        }

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
        return new EdgeStats(windows.sum(), rejected.sum(), decidedLocally.sum(), idle.sum(), esc, localActions.sum(), uplink.sent(),
                uplink.messages(), uplink.bytes(), uplink.backlog(), p50, p99);
    }

    /** Whether the agent may be sent windows: models warmed and subscribed (done at start), its MQTT connections up. */
    public boolean ready() {
        if (!uplinkConnection.connected() || (sensors != null && !sensors.connected())) {
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
        uplinkConnection.close();
    }

}
