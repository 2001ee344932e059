package dev.cascade.bench.fuzz;

import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.EdgeObserver;
import dev.cascade.edge.EdgeStats;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.ingest.IngestBridge;
import dev.cascade.ingest.IngestConfig;
import dev.cascade.ingest.IngestStats;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes generated payloads (valid windows mixed with malformed and extreme ones, see {@link PayloadFuzzer})
 * through real brokers into a real edge agent (on the {@code windows} channel) and a real ingest bridge (on
 * the {@code escalations} channel), waits until both have handled every one, and reports what each did
 * with them, by category and by reason. Used by the fuzz integration test and by {@link FuzzBenchmark}.
 */
public final class FuzzRun {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FuzzRun.class);

    /** Payloads published but not yet handled, per role, beyond which publishing waits. */
    private static final long MAX_AHEAD = 20_000;

    private FuzzRun() {}

    /**
     * What one run saw.
     *
     * @param windowsMade window payloads published, by category
     * @param escalationsMade escalation payloads published, by category
     * @param edge the edge agent's counters at the end
     * @param edgeProblems the edge agent's {@code problems()} at the end (dead or stalled workers)
     * @param decisions windows the edge decided (scored, or idle)
     * @param validDecided of those, windows of the well-behaved devices
     * @param ingest the ingest bridge's counters at the end
     * @param ingestRejections ingest's refusals by reason
     * @param seconds wall time of publishing and draining
     */
    public record Result(Map<Category, Long> windowsMade, Map<Category, Long> escalationsMade, EdgeStats edge,
                         List<String> edgeProblems, long decisions, long validDecided, IngestStats ingest,
                         Map<RejectReason, Long> ingestRejections, double seconds) {

        /** Window payloads published. */
        public long windows() {
            return windowsMade.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Escalation payloads published. */
        public long escalations() {
            return escalationsMade.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Refusals the edge must have made for a known reason, by reason. */
        public Map<RejectReason, Long> expectedEdgeRefusals() {
            Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
            windowsMade.forEach((c, n) -> c.edgeReason().ifPresent(r -> out.merge(r, n, Long::sum)));
            return out;
        }

        /** Edge refusals beyond those expected by reason: those of random, truncated and bit-flipped payloads. */
        public long unexpectedEdgeRefusals() {
            long excess = edge.rejected();
            for (long n : expectedEdgeRefusals().values()) {
                excess -= n;
            }
            return excess;
        }
    }

    /**
     * Runs {@code payloads} window payloads and {@code payloads / 4} escalation payloads (or as many as can be
     * published within {@code publishBudget}) through an edge agent scoring with {@code edgeModel} and an ingest
     * bridge, on brokers at {@code mqttUri} and {@code kafkaBootstrap}, then waits up to {@code timeout} for both to
     * have handled every one.
     */
    public static Result run(String mqttUri, String kafkaBootstrap, Topics topics, Path edgeModel, long payloads,
                             long seed, Duration publishBudget, Duration timeout)
            throws ModelBundleException, InterruptedException {
        FeatureSpec spec = ModelBundle.load(edgeModel).manifest().features();
        int windowValues = spec.windowSize() * spec.channels();
        InstantSource clock = InstantSource.system();
        LongAdder decisions = new LongAdder();
        LongAdder validDecided = new LongAdder();
        EdgeObserver observer = new EdgeObserver() {
            @Override
            public void onDecision(SensorWindow window, float score, Decision decision) {
                decisions.increment();
                if (window.deviceId().value().startsWith("ok-")) {
                    validDecided.increment();
                }
            }
        };
        EdgeConfig ec = EdgeConfig.of(DeviceId.of("gw-fuzz"), mqttUri, topics, Map.of(SensorKind.VIBRATION, edgeModel))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0)).withWorkers(2);
        PayloadFuzzer windows = new PayloadFuzzer(seed, windowValues, spec.sampleRateHz(), clock, 64);
        PayloadFuzzer escalations = new PayloadFuzzer(seed + 1, windowValues, spec.sampleRateHz(), clock, 64);
        long t0 = System.nanoTime();
        try (EdgeAgent edge = EdgeAgent.start(ec, clock, observer);
             IngestBridge ingest = IngestBridge.start(IngestConfig.defaults(mqttUri, kafkaBootstrap, topics)
                     .withInstanceId("ingest-fuzz-" + seed));
             MqttConnection sensors = MqttConnection.open(MqttSettings.of(mqttUri, "fuzz-sensors-" + seed)
                     .withMaxInflight(1000))) {
            List<CompletableFuture<Void>> inflight = new ArrayList<>();
            long escalationsSent = 0;
            long windowsSent = 0;
            long stopAt = t0 + publishBudget.toNanos();
            long nextLog = t0 + 30_000_000_000L;
            for (long i = 0; i < payloads && System.nanoTime() < stopAt; i++) {
                windowsSent++;
                if (System.nanoTime() > nextLog) {
                    nextLog += 30_000_000_000L;
                    log.info("fuzz run: {} windows and {} escalations published after {} s", windowsSent, escalationsSent,
                            (System.nanoTime() - t0) / 1_000_000_000L);
                }
                FuzzPayload p = windows.nextWindow();
                inflight.add(sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of(p.topicDevice())), p.bytes(), 1,
                        PublishOptions.NONE));
                if (i % 4 == 3) {
                    FuzzPayload e = escalations.nextEscalation();
                    inflight.add(sensors.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of(e.topicDevice())),
                            e.bytes(), 1, PublishOptions.NONE));
                    escalationsSent++;
                }
                if (inflight.size() >= 4096) {
                    drain(inflight);
                    // Sensors do not outrun the edge for ever: keep what the broker holds for the agent and
                    // ingest bounded (otherwise the broker's queues, not the roles, are what is measured).
                    while (windowsSent - decisions.sum() - edge.stats().rejected() > MAX_AHEAD
                            || escalationsSent - ingest.stats().received() > MAX_AHEAD) {
                        Thread.sleep(5);
                    }
                }
            }
            drain(inflight);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                EdgeStats s = edge.stats();
                IngestStats is = ingest.stats();
                if (decisions.sum() + s.rejected() >= windowsSent && s.uplinkBacklog() == 0
                        && is.received() >= escalationsSent + s.uplinkMessages() && is.pending() == 0
                        && is.acknowledged() >= is.received()) {
                    break;
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(windows.made(), escalations.made(), edge.stats(), edge.problems(), decisions.sum(),
                    validDecided.sum(), ingest.stats(), ingest.rejections(), seconds);
        }
    }

    private static void drain(List<CompletableFuture<Void>> inflight) throws InterruptedException {
        for (CompletableFuture<Void> f : inflight) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("publishing a fuzz payload failed: " + e, e);
            }
        }
        inflight.clear();
    }
}
