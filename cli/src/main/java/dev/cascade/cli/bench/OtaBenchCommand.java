package dev.cascade.cli.bench;

import dev.cascade.cli.DurationConverter;
import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.EdgeObserver;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.ota.OtaOptions;
import dev.cascade.edge.ota.OtaPublisher;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.SigningKey;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench ota}: one in-process broker, one edge agent scoring a steady stream of windows, and
 * {@code --updates} over-the-air updates in a row (each a new signed version of the default vibration edge model);
 * reports announce-to-swap times and whether any window was lost or scored twice across the swaps. Exit 1 if a window
 * went missing or an update did not install.
 */
@Command(name = "ota", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Over-the-air updates under load: announce-to-installed time per update (fetch in chunks, SHA-256,",
                "signature, self-test, swap) while windows keep flowing; windows lost or scored twice."})
public final class OtaBenchCommand implements Callable<Integer> {
    @Option(names = "--updates", defaultValue = "10", description = "updates in a row (default: ${DEFAULT-VALUE})")
    int updates;

    @Option(names = "--chunk-size", defaultValue = "65536", description = "bytes per chunk (default: ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--rate", defaultValue = "500", description = "windows per second sent meanwhile (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "the longest one update may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--bundle", paramLabel = "DIR", defaultValue = "models/default/vibration-anomaly-edge/1",
            description = "the edge bundle to make versions of (default: ${DEFAULT-VALUE})")
    Path bundle;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("cascade-bench-ota-");
        SigningKey key = SigningKey.generate();
        Path trusted = Files.createDirectories(work.resolve("trusted"));
        key.writePublicPem(trusted.resolve("bench.pem"));
        ModelBundle base = ModelBundle.load(bundle);
        List<Path> versions = new ArrayList<>();
        for (int v = 1; v <= updates + 1; v++) {
            Path dir = work.resolve("v" + v);
            ModelBundle.write(dir, base.manifest().withVersion(String.valueOf(v)), base.modelBytes(),
                    base.selfTest().orElseThrow(() -> new IllegalStateException(bundle + " ships no self-test")));
            key.signBundle(dir);
            versions.add(dir);
        }
        long archiveBytes = BundleArchive.pack(versions.get(1)).length;
        DeviceId gateway = DeviceId.of("gw-bench");
        Topics topics = new Topics("bench");
        List<Double> millis = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean sending = new AtomicBoolean(true);
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults())) {
            EdgeConfig base1 = EdgeConfig.of(gateway, broker.serverUri(), topics, Map.of(SensorKind.VIBRATION, versions.get(0)))
                    .withTrustedKeys(trusted).withPolicy(EscalationPolicy.defaults().withAuditRate(0).withActLocally(false));
            OtaOptions ota = OtaOptions.defaults(work.resolve("ota")).withChunkSize(chunkSize)
                    .withRequestTimeout(Duration.ofSeconds(2)).withWatch(Duration.ZERO, 1, 1.0, 1.0);
            try (EdgeAgent agent = EdgeAgent.start(base1, DeviceOptions.defaults().withHeartbeatInterval(Duration.ZERO),
                    Optional.of(ota), InstantSource.system(), EdgeObserver.NONE);
                 MqttConnection sensors = MqttConnection.open(MqttSettings.of(broker.serverUri(), "bench-sensors"))) {
                Thread feeder = new Thread(() -> feed(sensors, topics, sending, sent), "cascade-bench-ota-sensors");
                feeder.start();
                int failed = 0;
                for (int v = 2; v <= updates + 1; v++) {
                    try (MqttConnection link = MqttConnection.open(MqttSettings.of(broker.serverUri(), "ota-bench-" + v))) {
                        long before = agent.otaStats().orElseThrow().installed();
                        long t0 = System.nanoTime();
                        try (OtaPublisher p = OtaPublisher.start(link, topics, versions.get(v - 1), List.of(gateway),
                                InstantSource.system())) {
                            long deadline = t0 + timeout.toNanos();
                            while (agent.otaStats().orElseThrow().installed() == before && System.nanoTime() < deadline) {
                                Thread.sleep(1);
                            }
                            if (agent.otaStats().orElseThrow().installed() == before) {
                                failed++;
                                System.out.println("update to v" + v + " did not install within " + timeout);
                                continue;
                            }
                            millis.add((System.nanoTime() - t0) / 1e6);
                            // Let the watch (zero here) keep it before the next announcement.
                            while (agent.otaStats().orElseThrow().confirmed() < v - 1 && System.nanoTime() < deadline) {
                                Thread.sleep(1);
                            }
                        }
                    }
                }
                sending.set(false);
                feeder.join();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (scored(agent) + agent.windowsShed() + agent.stats().rejected() < sent.get()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long scored = scored(agent);
                Collections.sort(millis);
                System.out.printf(Locale.ROOT, "updates: %d installed, %d failed; archive %d bytes in %d-byte chunks%n",
                        millis.size(), failed, archiveBytes, chunkSize);
                if (!millis.isEmpty()) {
                    System.out.printf(Locale.ROOT, "announce to installed (fetch, SHA-256, signature, self-test, swap): p50 %.1f ms,"
                            + " max %.1f ms, min %.1f ms%n", millis.get(millis.size() / 2), millis.get(millis.size() - 1),
                            millis.get(0));
                }
                System.out.printf(Locale.ROOT, "windows: %d sent, %d scored, %d shed, %d refused; per version %s%n", sent.get(),
                        scored, agent.windowsShed(), agent.stats().rejected(), agent.windowsByModel());
                return failed == 0 && scored == sent.get() ? 0 : 1;
            }
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long scored(EdgeAgent a) {
        return a.windowsByModel().values().stream().mapToLong(Long::longValue).sum();
    }

    private void feed(MqttConnection sensors, Topics topics, AtomicBoolean sending, AtomicLong sent) {
        Machine machine = new Machine(MachineSpec.defaults(), 5);
        long period = 1_000_000_000L / Math.max(1, rate);
        long next = System.nanoTime();
        long seq = 0;
        while (sending.get()) {
            java.time.Instant now = java.time.Instant.now();
            DeviceId d = DeviceId.of("press-" + (seq % 10));
            SensorWindow w = new SensorWindow(d, SensorKind.VIBRATION, 8192, now, seq++, CorrelationId.random(), now,
                    Samples.of(machine.nextWindow()));
            sensors.publish(topics.mqtt(Channel.WINDOWS, d), Codecs.sensorWindow().encode(w), 1, PublishOptions.NONE).join();
            sent.incrementAndGet();
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }
}
