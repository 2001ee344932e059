package dev.cascade.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.cloud.worker.WorkerMetrics;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.InferenceResult;
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
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Models from a registry through real Kafka and ONNX Runtime: hot promotion, shadow scoring, refused promotions. */
@WithBrokers
class RegistryIT {
    private static final SensorKind V = SensorKind.VIBRATION;
    private static final ModelRef EDGE = new ModelRef("vibration-anomaly-edge", "1");
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path tmp;

    private static CloudConfig config(TestBrokers brokers, Topics topics, TestRegistry reg) {
        return CloudConfig.ofRegistry(brokers.kafkaBootstrap(), topics,
                        RegistrySettings.of(reg.root, Map.of(V, TestRegistry.NAME)).withPollInterval(Duration.ofMillis(100))
                                .withShadowReportInterval(Duration.ofDays(1)))
                .withTrustedKeys(reg.keys).withMaxQueueDelay(Duration.ofMillis(5));
    }

    private static Escalation escalation(String device, long seq, float[] samples) {
        Instant now = Instant.now();
        return new Escalation(new SensorWindow(DeviceId.of(device), V, 8192, now, seq, CorrelationId.random(), now,
                Samples.of(samples)), 1.0f, EscalationReason.UNCERTAIN, EDGE, now);
    }

    private static List<InferenceResult> decode(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> rs) {
        return rs.stream().map(r -> Codecs.inferenceResult().decode(r.value()).orElseThrow()).toList();
    }

    private static void await(String what, LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (value.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(value.getAsLong()).as(what).isEqualTo(expected);
    }

    /** Sends healthy windows from four machines, one every 5 ms, until stopped; remembers every correlation id sent. */
    private static final class Stream implements AutoCloseable {
        final List<CorrelationId> sent = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> done;

        Stream(KafkaProducer<String, byte[]> producer, Topics topics) {
            done = thread.submit(() -> {
                List<Machine> machines = List.of(new Machine(MachineSpec.defaults(), 31), new Machine(MachineSpec.defaults(), 32),
                        new Machine(MachineSpec.defaults(), 33), new Machine(MachineSpec.defaults(), 34));
                for (long seq = 0; running.get(); seq++) {
                    int m = (int) (seq % machines.size());
                    Escalation e = escalation("m-" + m, seq / machines.size(), machines.get(m).nextWindow());
                    producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-" + m,
                            Codecs.escalation().encode(e))).get(30, TimeUnit.SECONDS);
                    sent.add(e.window().correlationId());
                    Thread.sleep(5);
                }
                return null;
            });
        }

        /** Stops sending; returns every id sent. */
        List<CorrelationId> stop() throws Exception {
            running.set(false);
            done.get(30, TimeUnit.SECONDS);
            return List.copyOf(sent);
        }

        @Override
        public void close() {
            running.set(false);
            thread.shutdownNow();
        }
    }

    /**
     * One test's registry with v1 promoted (and a disagreeing v2 beside it when asked), inference workers started on
     * it with their meters bound, a producer of escalations and a probe on the results topic.
     */
    private static final class Rig implements AutoCloseable {
        final Topics topics;
        final TestRegistry reg;
        final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final InferenceWorkers workers;
        final KafkaProducer<String, byte[]> producer;
        final KafkaProbe results;

        Rig(TestBrokers brokers, Path tmp, boolean disagreeingV2) throws Exception {
            topics = brokers.newTopics();
            reg = new TestRegistry(tmp);
            if (disagreeingV2) {
                reg.addDisagreeing("2");
            }
            reg.pointers.promote(TestRegistry.NAME, "1");
            workers = InferenceWorkers.start(config(brokers, topics, reg), InstantSource.system());
            KafkaProducer<String, byte[]> p = null;
            try {
                p = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
                results = new KafkaProbe(brokers.kafkaSettings("r"), topics.kafka(Channel.RESULTS));
            } catch (RuntimeException e) {
                if (p != null) {
                    p.close();
                }
                workers.close();
                throw e;
            }
            producer = p;
            WorkerMetrics.bind(workers, metrics);
        }

        /** Sends the windows {@code from} (inclusive) to {@code to} of {@code machine} as device m-1; their ids. */
        List<CorrelationId> send(Machine machine, int from, int to) {
            List<CorrelationId> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                Escalation e = escalation("m-1", i, machine.nextWindow());
                sent.add(e.window().correlationId());
                producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-1", Codecs.escalation().encode(e)));
            }
            producer.flush();
            return sent;
        }

        @Override
        public void close() throws Exception {
            try (InferenceWorkers w = workers; KafkaProducer<String, byte[]> p = producer; KafkaProbe r = results) {
                // closed in reverse order: probe, producer, workers
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void promotion_whileWindowsFlow_switchesTheOutputsFromV1ToV2_noWindowLostOrScoredTwice(TestBrokers brokers)
            throws Exception {
        try (Rig rig = new Rig(brokers, tmp, true); Stream stream = new Stream(rig.producer, rig.topics)) {
            TestRegistry reg = rig.reg;
            KafkaProbe results = rig.results;
            InferenceWorkers workers = rig.workers;
            results.atLeast(40, WAIT);
            reg.pointers.promote(TestRegistry.NAME, "2");
            results.until(rs -> decode(rs).stream().anyMatch(r -> r.model().version().equals("2")), WAIT);
            results.atLeast(results.drain(Duration.ZERO).size() + 40, WAIT); // the stream flows on under v2
            List<CorrelationId> sent = stream.stop();
            results.atLeast(sent.size(), WAIT);
            List<InferenceResult> got = decode(results.drain(Duration.ofSeconds(1)));

            List<CorrelationId> ids = got.stream().map(InferenceResult::correlationId).toList();
            assertThat(ids).as("one result per window").hasSize(sent.size()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(sent));
            assertThat(got).extracting(r -> r.model().name()).containsOnly(TestRegistry.NAME);
            assertThat(got).extracting(r -> r.model().version()).containsOnly("1", "2").contains("1", "2");
            Instant lastV1 = got.stream().filter(r -> r.model().version().equals("1")).map(InferenceResult::inferredAt)
                    .max(Instant::compareTo).orElseThrow();
            Instant firstV2 = got.stream().filter(r -> r.model().version().equals("2")).map(InferenceResult::inferredAt)
                    .min(Instant::compareTo).orElseThrow();
            assertThat(lastV1).as("no window scored by v1 after v2 took over").isBeforeOrEqualTo(firstV2);
            CorrelationId last = sent.get(sent.size() - 1);
            assertThat(got.stream().filter(r -> r.correlationId().equals(last)).findFirst().orElseThrow().model())
                    .isEqualTo(new ModelRef(TestRegistry.NAME, "2"));
            assertThat(workers.registry().orElseThrow().promotions(V)).isEqualTo(1);
            assertThat(workers.liveModels()).containsEntry(V, new ModelRef(TestRegistry.NAME, "2"));
            assertThat(workers.swapFailures()).isZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shadowVersion_isScoredOnTheSameBatches_itsDisagreementCounted_outputsStayFromTheLiveVersion(TestBrokers brokers)
            throws Exception {
        Machine healthy = new Machine(MachineSpec.defaults(), 41);
        try (Rig rig = new Rig(brokers, tmp, true)) {
            InferenceWorkers workers = rig.workers;
            rig.reg.pointers.setShadow(TestRegistry.NAME, "2");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (workers.models().shadow().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(workers.models().shadow().get(V).manifest().ref()).isEqualTo(TestRegistry.NAME + "@2");
            rig.send(healthy, 0, 40);

            List<InferenceResult> got = decode(rig.results.atLeast(40, WAIT));
            await("windows compared with the shadow", () -> workers.shadowStats().compared(V), 40);

            assertThat(got).hasSize(40).extracting(InferenceResult::model)
                    .containsOnly(new ModelRef(TestRegistry.NAME, "1"));
            long disagreed = workers.shadowStats().disagreed(V);
            assertThat(disagreed).as("v2's threshold is 20 times lower: healthy windows are anomalies to it")
                    .isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(40);
            assertThat(workers.shadowStats().maxDelta(V)).isPositive();
            String text = rig.metrics.scrape();
            assertThat(text).contains("cascade_infer_shadow_windows_total{kind=\"vibration\"} 40.0")
                    .contains("cascade_infer_shadow_disagreements_total{kind=\"vibration\"} " + disagreed + ".0")
                    .contains("cascade_infer_shadow_score_delta_score_count{kind=\"vibration\"} 40")
                    .contains("cascade_infer_shadow_failures_total{kind=\"vibration\"} 0.0")
                    .as("40 windows never fill the shadow lane (4 batches of the largest size)")
                    .contains("cascade_infer_shadow_skipped_total{kind=\"vibration\"} 0.0");
            Map<SensorKind, String> lines = workers.shadowStats().report();
            assertThat(lines.get(V)).startsWith("shadow vibration-anomaly-cloud@2 beside live vibration-anomaly-cloud@1:"
                    + " vibration windows: 40 compared, " + disagreed + " decisions differ (");
            assertThat(workers.shadowStats().report()).as("a new interval starts after each report").isEmpty();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tamperedPromotion_isRefusedAndCounted_theLiveVersionGoesOnScoring(TestBrokers brokers) throws Exception {
        Machine healthy = new Machine(MachineSpec.defaults(), 51);
        try (Rig rig = new Rig(brokers, tmp, false)) {
            List<CorrelationId> sent = new ArrayList<>(rig.send(healthy, 0, 10));
            rig.results.atLeast(10, WAIT);

            rig.reg.addTampered("2");
            rig.reg.pointers.promote(TestRegistry.NAME, "2");
            ModelWatcher watcher = rig.workers.registry().orElseThrow();
            await("refused promotions", () -> watcher.refusals(V), 1);
            sent.addAll(rig.send(healthy, 10, 20));
            rig.results.atLeast(20, WAIT);
            List<InferenceResult> got = decode(rig.results.drain(Duration.ofSeconds(1)));

            assertThat(got).hasSize(20).extracting(InferenceResult::model).containsOnly(new ModelRef(TestRegistry.NAME, "1"));
            Set<CorrelationId> ids = new HashSet<>();
            got.forEach(r -> ids.add(r.correlationId()));
            assertThat(ids).isEqualTo(new HashSet<>(sent));
            assertThat(watcher.lastRefusal()).startsWith("registry: promoted vibration-anomaly-cloud@2 refused, "
                    + "vibration-anomaly-cloud@1 stays: ").contains("signature by key");
            assertThat(watcher.promotions(V)).isZero();
            assertThat(rig.workers.liveModels()).containsEntry(V, new ModelRef(TestRegistry.NAME, "1"));
            assertThat(rig.metrics.scrape()).contains("cascade_infer_model_refusals_total{kind=\"vibration\"} 1.0")
                    .contains("cascade_infer_model_promotions_total{kind=\"vibration\"} 0.0");
        }
    }
}
