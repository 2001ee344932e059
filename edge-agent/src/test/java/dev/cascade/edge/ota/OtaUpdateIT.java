package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.EdgeMetrics;
import dev.cascade.edge.EdgeObserver;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.ops.Health;
import dev.cascade.ops.OpsServer;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.ota.OtaAnnouncement;
import dev.cascade.protocol.ota.OtaState;
import dev.cascade.protocol.ota.OtaStatus;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over-the-air updates end to end: the agent's sensors on the shared test broker, its cloud link and the publisher on
 * a broker of this test's own that it stops and starts.
 */
@WithBrokers
@Timeout(120)
class OtaUpdateIT {
    private static final DeviceId GATEWAY = DeviceId.of("gw-ota");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private EmbeddedMqttBroker cloud;
    private final Machine machine = new Machine(MachineSpec.defaults(), 11);
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final AtomicLong decisions = new AtomicLong();

    @BeforeEach
    void startCloud() {
        cloud = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
    }

    @AfterEach
    void stopCloud() {
        cloud.close();
    }

    private EdgeAgent agent(TestBrokers brokers, Topics topics, OtaBundles b, Path v1, Path state, OtaOptions ota)
            throws Exception {
        EdgeObserver seen = new EdgeObserver() {
            @Override
            public void onDecision(SensorWindow window, float score, Decision decision) {
                decisions.incrementAndGet();
                decided.add(window.correlationId().value());
            }
        };
        return agent(brokers, topics, b, v1, state, ota, seen);
    }

    private EdgeAgent agent(TestBrokers brokers, Topics topics, OtaBundles b, Path v1, Path state, OtaOptions ota,
                            EdgeObserver seen) throws Exception {
        EdgeConfig base = EdgeConfig.of(GATEWAY, brokers.mqttUri(), topics, Map.of(SensorKind.VIBRATION, v1))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0).withActLocally(false));
        EdgeConfig c = new EdgeConfig(base.gatewayId(), base.sensorMqtt(),
                MqttSettings.of(cloud.serverUri(), GATEWAY + "-uplink"), topics, base.models(), Optional.of(b.trusted),
                base.policy(), base.uplink(), base.workers(), base.commandTtl(), base.irrigation(), base.actionCooldown(),
                base.limits(), base.freshness(), base.outbox());
        return EdgeAgent.start(c, DeviceOptions.defaults().withStateDir(state.resolve("device"))
                .withHeartbeatInterval(Duration.ZERO), Optional.of(ota), InstantSource.system(), seen);
    }

    private static OtaOptions ota(Path state) {
        return OtaOptions.defaults(state.resolve("ota")).withChunkSize(1024).withRequestTimeout(Duration.ofMillis(500))
                .withWatch(Duration.ofSeconds(2), 20, 0.5, 0.05);
    }

    private void send(MqttProbe sensors, Topics topics, int n) {
        for (int i = 0; i < n; i++) {
            Instant now = Instant.now();
            DeviceId d = DeviceId.of("press-" + (i % 3));
            SensorWindow w = new SensorWindow(d, SensorKind.VIBRATION, 8192, now, sequence.getAndIncrement(),
                    CorrelationId.random(), now, Samples.of(machine.nextWindow()));
            sensors.publish(topics.mqtt(Channel.WINDOWS, d), Codecs.sensorWindow().encode(w));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long total(EdgeAgent a) {
        return a.windowsByModel().values().stream().mapToLong(Long::longValue).sum();
    }

    private static OtaStatus status(OtaPublisher p) {
        return p.statuses().get(GATEWAY);
    }

    private static boolean reported(OtaPublisher p, String version, OtaState state) {
        OtaStatus s = status(p);
        return s != null && s.model().version().equals(version) && s.state() == state;
    }

    private MqttConnection publisherLink() {
        return MqttConnection.open(MqttSettings.of(cloud.serverUri(), "ota-" + Long.toHexString(System.nanoTime())));
    }

    @Test
    void update_throughACloudBrokerRestart_resumesFromItsOffset_swapsAndReportsV2_withNoWindowLostOrScoredTwice(
            TestBrokers brokers, @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        Path v2 = b.sameModel("2");
        long size = BundleArchive.pack(v2).length;
        ModelRef ref2 = new ModelRef(OtaBundles.NAME, "2");
        try (EdgeAgent agent = agent(brokers, topics, b, v1, dir, ota(dir));
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttConnection link = publisherLink();
             OtaPublisher publisher = OtaPublisher.start(link, topics, v2, java.util.List.of(GATEWAY),
                     InstantSource.system(), 8 * 1024)) {
            send(sensors, topics, 40);
            await("2 KiB staged", () -> agent.otaStats().orElseThrow().bytesStaged() >= 2048);
            publisher.pause();
            cloud.stop();
            long stagedAtStop = agent.otaStats().orElseThrow().bytesStaged();
            assertThat(stagedAtStop).isLessThan(size);
            // The sensors' broker is another one: windows keep being scored by v1 while the cloud is away.
            send(sensors, topics, 40);
            await("80 windows scored", () -> total(agent) == 80);
            assertThat(agent.windowsByModel()).isEqualTo(Map.of(OtaBundles.NAME + "@1", 80L));
            cloud.start();
            publisher.resume();

            await("v2 installed", () -> agent.otaStats().orElseThrow().installed() == 1);
            send(sensors, topics, 40);
            await("120 windows scored", () -> total(agent) == 120);
            await("v2 kept", () -> reported(publisher, "2", OtaState.CONFIRMED));

            OtaStats s = agent.otaStats().orElseThrow();
            assertThat(s.bytesStaged()).isEqualTo(size); // every byte staged once: the transfer went on from its offset
            assertThat(s.requestsRepeated()).isPositive();
            assertThat(s.refusedByReason()).isEmpty();
            assertThat(s.rolledBackByReason()).isEmpty();
            assertThat(s.running()).isEqualTo(Map.of(OtaBundles.NAME, "2"));
            assertThat(agent.windowsByModel()).isEqualTo(Map.of(OtaBundles.NAME + "@1", 80L, OtaBundles.NAME + "@2", 40L));
            assertThat(agent.stats().windows()).isEqualTo(120);
            assertThat(agent.stats().rejected()).isZero();
            assertThat(decided).hasSize((int) decisions.get());
            assertThat(agent.heartbeatNow().models()).containsExactly(ref2);
            assertThat(status(publisher).running()).isEqualTo(ref2);
            assertThat(agent.otaStaged(ref2)).isZero();
        }
    }

    @Test
    void update_installed_isCountedOnTheMetricsEndpoint_withTheVersionEachKindRuns(TestBrokers brokers,
            @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        Path v2 = b.sameModel("2");
        long size = BundleArchive.pack(v2).length;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String running = "cascade_edge_model_version{kind=\"vibration\",model=\"" + OtaBundles.NAME + "\",version=";
        try (EdgeAgent agent = agent(brokers, topics, b, v1, dir, ota(dir),
                     EdgeMetrics.observer(registry, InstantSource.system()));
             OpsServer ops = OpsServer.start("127.0.0.1", 0, new Health(), registry)) {
            EdgeMetrics.bind(agent, registry);
            String before = scrape(ops);
            assertThat(before).contains(running + "\"1\"} 1.0").contains("cascade_edge_ota_installed_total 0.0")
                    .contains("cascade_edge_ota_refused_total{reason=\"signature\"} 0.0");
            try (MqttConnection link = publisherLink();
                 OtaPublisher p = OtaPublisher.start(link, topics, v2, java.util.List.of(GATEWAY), InstantSource.system())) {
                await("installed on /metrics", () -> scrape(ops).contains("cascade_edge_ota_installed_total 1.0"));
            }
            String after = scrape(ops);
            OtaStats s = agent.otaStats().orElseThrow();
            assertThat(after).contains(running + "\"2\"} 1.0").doesNotContain(running + "\"1\"}")
                    .contains("cascade_edge_ota_bytes_staged_total " + (double) size)
                    .contains("cascade_edge_ota_chunks_fetched_total " + (double) s.chunksReceived())
                    .contains("cascade_edge_ota_transfers_resumed_total 0.0")
                    .contains("cascade_edge_ota_refused_total{reason=\"self_test\"} 0.0")
                    .contains("cascade_edge_ota_rolled_back_total{reason=\"watch_errors\"} 0.0");
            assertThat(s.chunksReceived()).isEqualTo((size + 1023) / 1024);
        } finally {
            registry.close();
        }
    }

    private static String scrape(OpsServer ops) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + ops.port() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void updates_failingSelfTest_tampered_wrongHash_orUnloadable_areRefusedWithTheirReason_andV1KeepsScoring(
            TestBrokers brokers, @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        ModelRef ref1 = new ModelRef(OtaBundles.NAME, "1");
        try (EdgeAgent agent = agent(brokers, topics, b, v1, dir, ota(dir));
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            Map<String, Path> bad = new java.util.LinkedHashMap<>();
            bad.put(Reasons.SELF_TEST, b.failingSelfTest("2"));
            bad.put(Reasons.SIGNATURE, b.tampered("3"));
            bad.put(Reasons.LOAD_FAILED, b.unloadable("5"));
            for (Map.Entry<String, Path> e : bad.entrySet()) {
                String version = e.getValue().getFileName().toString().substring(1);
                try (MqttConnection link = publisherLink();
                     OtaPublisher p = OtaPublisher.start(link, topics, e.getValue(), java.util.List.of(GATEWAY),
                             InstantSource.system())) {
                    await(e.getKey() + " refusal", () -> reported(p, version, OtaState.REFUSED));
                    assertThat(status(p).reason()).isEqualTo(e.getKey());
                    assertThat(status(p).running()).isEqualTo(ref1);
                }
            }
            // An announcement whose hash is not the archive's.
            Path v4 = b.sameModel("4");
            byte[] archive = BundleArchive.pack(v4);
            OtaAnnouncement lie = new OtaAnnouncement(new ModelRef(OtaBundles.NAME, "4"), archive.length,
                    Sha256.hex("something else".getBytes()), Instant.now());
            try (MqttConnection link = publisherLink();
                 OtaPublisher p = OtaPublisher.start(link, topics, archive, lie, java.util.List.of(GATEWAY), 0)) {
                await("sha256 refusal", () -> reported(p, "4", OtaState.REFUSED));
                assertThat(status(p).reason()).isEqualTo(Reasons.SHA256_MISMATCH);
                assertThat(status(p).detail()).startsWith("archive SHA-256 is " + Sha256.hex(archive));
            }
            OtaStats s = agent.otaStats().orElseThrow();
            assertThat(s.refusedByReason()).isEqualTo(Map.of(Reasons.SELF_TEST, 1L, Reasons.SIGNATURE, 1L,
                    Reasons.LOAD_FAILED, 1L, Reasons.SHA256_MISMATCH, 1L));
            assertThat(s.installed()).isZero();
            send(sensors, topics, 10);
            await("10 windows scored", () -> total(agent) == 10);
            assertThat(agent.windowsByModel()).isEqualTo(Map.of(OtaBundles.NAME + "@1", 10L));
            assertThat(agent.runningModels()).containsExactly(ref1);
        }
    }

    @Test
    void update_escalatingMostWindowsWhileWatched_isRolledBackToV1(TestBrokers brokers, @TempDir Path dir)
            throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        Path v2 = b.escalatesEverything("2");
        OtaOptions o = ota(dir).withWatch(Duration.ofMinutes(10), 20, 0.5, 0.05);
        try (EdgeAgent agent = agent(brokers, topics, b, v1, dir, o);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttConnection link = publisherLink();
             OtaPublisher p = OtaPublisher.start(link, topics, v2, java.util.List.of(GATEWAY), InstantSource.system())) {
            await("v2 installed", () -> agent.otaStats().orElseThrow().installed() == 1);
            int sent = 0;
            Instant end = Instant.now().plus(DEADLINE);
            while (!reported(p, "2", OtaState.ROLLED_BACK)) {
                if (Instant.now().isAfter(end)) {
                    throw new AssertionError("timed out waiting for the rollback, status " + status(p));
                }
                send(sensors, topics, 5);
                sent += 5;
                Thread.sleep(50);
            }
            int all = sent;
            await("every window scored", () -> total(agent) == all);
            assertThat(status(p).reason()).isEqualTo(Reasons.WATCH_ESCALATION_RATE);
            assertThat(status(p).detail()).contains("escalated").contains("at most 50.0 % allowed");
            assertThat(status(p).running()).isEqualTo(new ModelRef(OtaBundles.NAME, "1"));
            assertThat(agent.windowsByModel().get(OtaBundles.NAME + "@2")).isGreaterThanOrEqualTo(20L);
            assertThat(agent.otaStats().orElseThrow().rolledBackByReason())
                    .isEqualTo(Map.of(Reasons.WATCH_ESCALATION_RATE, 1L));
            assertThat(agent.runningModels()).containsExactly(new ModelRef(OtaBundles.NAME, "1"));
            long v1Before = agent.windowsByModel().getOrDefault(OtaBundles.NAME + "@1", 0L);
            send(sensors, topics, 10);
            await("10 more windows on v1", () -> agent.windowsByModel().getOrDefault(OtaBundles.NAME + "@1", 0L)
                    == v1Before + 10);
        }
        // The rolled-back version is not fetched again after a restart, though its announcement is retained.
        try (EdgeAgent again = agent(brokers, topics, b, v1, dir, o)) {
            assertThat(again.runningModels()).containsExactly(new ModelRef(OtaBundles.NAME, "1"));
        }
    }

    @Test
    void agentStoppedMidTransfer_startsAgainOnV1_resumesFromTheStagedBytes_andInstallsV2(TestBrokers brokers,
            @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        Path v2 = b.sameModel("2");
        long size = BundleArchive.pack(v2).length;
        ModelRef ref1 = new ModelRef(OtaBundles.NAME, "1");
        ModelRef ref2 = new ModelRef(OtaBundles.NAME, "2");
        try (MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttConnection link = publisherLink();
             OtaPublisher p = OtaPublisher.start(link, topics, v2, java.util.List.of(GATEWAY), InstantSource.system(),
                     8 * 1024)) {
            long staged;
            try (EdgeAgent first = agent(brokers, topics, b, v1, dir, ota(dir))) {
                await("2 KiB staged", () -> first.otaStaged(ref2) >= 2048);
                p.pause();
                staged = first.otaStaged(ref2);
            }
            assertThat(staged).isLessThan(size);
            try (EdgeAgent second = agent(brokers, topics, b, v1, dir, ota(dir))) {
                assertThat(second.runningModels()).containsExactly(ref1);
                send(sensors, topics, 10);
                await("10 windows on v1", () -> total(second) == 10);
                long onDisk = second.otaStaged(ref2);
                p.resume();
                await("v2 installed", () -> second.otaStats().orElseThrow().installed() == 1);
                OtaStats s = second.otaStats().orElseThrow();
                assertThat(s.resumed()).isEqualTo(1);
                assertThat(s.bytesStaged()).isEqualTo(size - onDisk);
                assertThat(onDisk).isGreaterThanOrEqualTo(staged);
                assertThat(second.runningModels()).containsExactly(ref2);
            }
            // Power back after the swap: the pointer names v2, which starts (and is watched again).
            try (EdgeAgent third = agent(brokers, topics, b, v1, dir, ota(dir))) {
                assertThat(third.runningModels()).containsExactly(ref2);
                send(sensors, topics, 10);
                await("10 windows on v2", () -> third.windowsByModel().getOrDefault(ref2.toString(), 0L) == 10);
            }
        }
    }

    @Test
    void powerLostMidTransfer_withTheLastChunkZeroedOnDisk_fetchesItWholeAgain_andInstallsV2(TestBrokers brokers,
            @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        OtaBundles b = new OtaBundles(dir.resolve("bundles"));
        Path v1 = b.v1();
        Path v2 = b.sameModel("2");
        long size = BundleArchive.pack(v2).length;
        ModelRef ref2 = new ModelRef(OtaBundles.NAME, "2");
        try (MqttConnection link = publisherLink();
             OtaPublisher p = OtaPublisher.start(link, topics, v2, java.util.List.of(GATEWAY), InstantSource.system(),
                     8 * 1024)) {
            long staged;
            try (EdgeAgent first = agent(brokers, topics, b, v1, dir, ota(dir))) {
                await("2 KiB staged", () -> first.otaStaged(ref2) >= 2048);
                p.pause();
            }
            // What ext4 can leave of the last write after a power cut: the file's size, zeros for its data.
            Path part = dir.resolve("ota/staging/" + OtaBundles.NAME + "@2.part");
            staged = java.nio.file.Files.size(part);
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(part.toFile(), "rw")) {
                f.seek(staged - 512);
                f.write(new byte[512]);
            }
            try (EdgeAgent second = agent(brokers, topics, b, v1, dir, ota(dir))) {
                p.resume();
                await("v2 installed", () -> second.otaStats().orElseThrow().installed() == 1);
                OtaStats s = second.otaStats().orElseThrow();
                assertThat(s.refusedByReason()).isEmpty();
                assertThat(s.resumed()).isEqualTo(1);
                assertThat(s.bytesStaged()).as("the rest, then the whole archive again").isEqualTo(size - staged + size);
                assertThat(second.runningModels()).containsExactly(ref2);
            }
        }
    }
}
