package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
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
import dev.cascade.testkit.TestModels;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Worker processes (child JVMs running {@link WorkerMain}) killed with SIGKILL, joining and leaving while
 * escalations stream in; a ledger of correlation ids read back {@code read_committed} from the results topic must
 * hold every window exactly once. Its own Kafka, whose group session timeout is 6 s (45 s by default), so that a
 * killed member's partitions move on within the test's budget.
 */
class WorkerProcessesIT {
    private static final ModelRef EDGE = new ModelRef("vibration-anomaly-edge", "1");
    private static final AtomicInteger NS = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(new KafkaBrokerConfig("127.0.0.1", 0, java.util.Optional.empty(), Map.of(
                "group.consumer.session.timeout.ms", "6000", "group.consumer.min.session.timeout.ms", "6000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS) // a guard for a loaded machine; about 40-55 s with a share of 2 cores
    void workerKilledMidStream_andRestarted_neitherLosesNorDoublesAResult() throws Exception {
        Topics topics = topics();
        int n = 1600;
        try (Feeder feed = new Feeder(topics, n, 300);
             KafkaProbe results = new KafkaProbe(settings("ledger"), topics.kafka(Channel.RESULTS))) {
            Process a = worker(topics, "w-a", "a1");
            feed.start();
            results.atLeast(400, Duration.ofSeconds(60));
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int seenAtKill = results.drain(Duration.ZERO).size();
            worker(topics, "w-a", "a2");
            feed.await();

            Map<String, Integer> ledger = ledger(results, feed.ids());

            assertThat(seenAtKill).isLessThan(n);
            assertThat(ledger.keySet()).containsExactlyInAnyOrderElementsOf(feed.ids());
            assertThat(ledger.values()).allSatisfy(c -> assertThat(c).as("results per correlation id").isEqualTo(1));
        } finally {
            stopChildren();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // a guard for a loaded machine; about 65 s with a share of 2 cores
    void threeWorkers_joiningAndLeavingMidStream_neitherLoseNorDoubleAResult() throws Exception {
        Topics topics = topics();
        int n = 3600;
        try (Feeder feed = new Feeder(topics, n, 300);
             KafkaProbe results = new KafkaProbe(settings("ledger"), topics.kafka(Channel.RESULTS))) {
            worker(topics, "w-1", "s1");
            feed.start();
            results.atLeast(400, Duration.ofSeconds(30));
            Process second = worker(topics, "w-2", "s2");
            results.atLeast(1000, Duration.ofSeconds(30));
            Process third = worker(topics, "w-3", "s3");
            results.atLeast(1600, Duration.ofSeconds(30));
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // leaves by dying: its session times out
            results.atLeast(2200, Duration.ofSeconds(30));
            third.getOutputStream().close(); // leaves cleanly
            assertThat(third.waitFor(30, TimeUnit.SECONDS)).as("third worker stopped").isTrue();
            assertThat(third.exitValue()).isZero();
            feed.await();

            Map<String, Integer> ledger = ledger(results, feed.ids());

            assertThat(ledger.keySet()).containsExactlyInAnyOrderElementsOf(feed.ids());
            assertThat(ledger.values()).allSatisfy(c -> assertThat(c).as("results per correlation id").isEqualTo(1));
        } finally {
            stopChildren();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS) // a guard for a loaded machine; about 40-55 s with a share of 2 cores
    void atLeastOnce_workerKilledMidStream_losesNoResult_andRepeatsOnlyUncommittedOnes_withTheSameScore()
            throws Exception {
        Topics topics = topics();
        int n = 1600;
        try (Feeder feed = new Feeder(topics, n, 300);
             KafkaProbe results = new KafkaProbe(settings("ledger"), topics.kafka(Channel.RESULTS))) {
            Process a = worker(topics, "w-a", "alo1", Delivery.AT_LEAST_ONCE);
            feed.start();
            results.atLeast(400, Duration.ofSeconds(60));
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int seenAtKill = results.drain(Duration.ZERO).size();
            worker(topics, "w-a", "alo2", Delivery.AT_LEAST_ONCE);
            feed.await();

            Map<String, List<InferenceResult>> ledger = resultsById(results, feed.ids());
            int repeated = ledger.values().stream().mapToInt(l -> l.size() - 1).sum();

            assertThat(ledger.keySet()).containsExactlyInAnyOrderElementsOf(feed.ids());
            assertThat(ledger.values()).allSatisfy(rs -> assertThat(rs).as("repeats of one window's result")
                    .extracting(InferenceResult::score, InferenceResult::verdict, InferenceResult::model)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(rs.get(0).score(), rs.get(0).verdict(),
                            rs.get(0).model())));
            // Offsets were committed as the first worker went: its successor repeats only the windows read since the
            // last commit, not everything the first one had scored.
            assertThat(repeated).as("results repeated after the kill (%d seen at the kill)", seenAtKill)
                    .isLessThan(seenAtKill);
        } finally {
            stopChildren();
        }
    }

    /** Reads results until every id was seen, then 2 s more; each correlation id's results in the order read. */
    private static Map<String, List<InferenceResult>> resultsById(KafkaProbe results, Set<String> ids) {
        results.until(rs -> distinct(rs).containsAll(ids), Duration.ofSeconds(120));
        Map<String, List<InferenceResult>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : results.drain(Duration.ofSeconds(2))) {
            InferenceResult ir = Codecs.inferenceResult().decode(r.value()).orElseThrow();
            out.computeIfAbsent(ir.correlationId().value(), k -> new ArrayList<>()).add(ir);
        }
        return out;
    }

    /** Reads results until every id was seen, then 2 s more; counts results per correlation id. */
    private static Map<String, Integer> ledger(KafkaProbe results, Set<String> ids) {
        List<ConsumerRecord<String, byte[]>> got = results.until(rs -> distinct(rs).containsAll(ids), Duration.ofSeconds(120));
        got = results.drain(Duration.ofSeconds(2));
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : got) {
            out.merge(Codecs.inferenceResult().decode(r.value()).orElseThrow().correlationId().value(), 1, Integer::sum);
        }
        return out;
    }

    private static Set<String> distinct(List<ConsumerRecord<String, byte[]>> rs) {
        Set<String> s = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : rs) {
            s.add(Codecs.inferenceResult().decode(r.value()).orElseThrow().correlationId().value());
        }
        return s;
    }

    private static Topics topics() {
        Topics t = new Topics("wp" + NS.incrementAndGet());
        TopicProvisioner.ensure(settings("provisioner"), t, 6, (short) 1);
        return t;
    }

    private static KafkaSettings settings(String id) {
        return KafkaSettings.of(kafka.bootstrapServers(), id);
    }

    /** Starts a worker process and waits until it has joined its group. */
    private Process worker(Topics topics, String instance, String logName) throws IOException, InterruptedException {
        return worker(topics, instance, logName, Delivery.TRANSACTIONAL);
    }

    private Process worker(Topics topics, String instance, String logName, Delivery delivery)
            throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Path.of("target", "worker-processes", topics.namespace() + "-" + logName + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, WorkerMain.class.getName(), kafka.bootstrapServers(),
                topics.namespace(), instance, TestModels.latest("vibration-anomaly-cloud").toString(), delivery.name())
                .redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("ready")) {
                break;
            }
        }
        assertThat(line).as("worker %s started; its output: %s", instance, lines).startsWith("ready");
        Thread pump = new Thread(() -> {
            try (var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String l : lines) {
                    w.write(l);
                    w.newLine();
                }
                String l;
                while ((l = out.readLine()) != null) {
                    w.write(l);
                    w.newLine();
                }
            } catch (IOException e) {
                // the child went away
            }
        }, "cascade-test-worker-log-" + logName);
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    private void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        children.clear();
    }

    /** Sends {@code n} healthy vibration windows at about {@code rate} per second from its own thread. */
    private static final class Feeder implements AutoCloseable {
        private final Topics topics;
        private final int n;
        private final int rate;
        private final Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final KafkaProducer<String, byte[]> producer;
        private final Thread thread;
        private volatile Exception failure;

        Feeder(Topics topics, int n, int rate) {
            this.topics = topics;
            this.n = n;
            this.rate = rate;
            this.producer = KafkaClients.producer(settings("feeder"), "test");
            this.thread = new Thread(this::feed, "cascade-test-feeder");
        }

        void start() {
            thread.start();
        }

        private void feed() {
            try {
                List<Machine> machines = new ArrayList<>();
                for (int m = 0; m < 12; m++) {
                    machines.add(new Machine(MachineSpec.defaults(), 100 + m));
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    int m = i % machines.size();
                    String device = "m-" + m;
                    Instant now = Instant.now();
                    CorrelationId cid = CorrelationId.random();
                    Escalation e = new Escalation(new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now,
                            i / machines.size(), cid, now, Samples.of(machines.get(m).nextWindow())), 1.0f,
                            EscalationReason.UNCERTAIN, EDGE, now);
                    producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), device, Codecs.escalation().encode(e)));
                    ids.add(cid.value());
                    long due = t0 + (long) ((i + 1) * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
            } catch (Exception e) {
                failure = e;
            }
        }

        void await() throws Exception {
            thread.join(60_000);
            if (failure != null) {
                throw failure;
            }
            assertThat(ids).hasSize(n);
        }

        Set<String> ids() {
            return Set.copyOf(ids);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }
}
