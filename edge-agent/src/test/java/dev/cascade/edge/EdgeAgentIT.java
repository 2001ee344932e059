package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithBrokers
class EdgeAgentIT {
    private static final Path VIBRATION = TestModels.latest("vibration-anomaly-edge");

    private static EdgeConfig config(TestBrokers brokers, Topics topics) {
        return EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics, Map.of(SensorKind.VIBRATION, VIBRATION))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0));
    }

    private static SensorWindow window(String device, long seq, float[] samples) {
        Instant now = Instant.now();
        return new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now, seq, CorrelationId.random(), now,
                Samples.of(samples));
    }

    @Test
    void healthyMachine_isDecidedAtTheEdge_andFaultyMachine_isStoppedLocallyAndEscalated(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        Machine healthy = new Machine(MachineSpec.defaults(), 7);
        Machine faulty = new Machine(MachineSpec.defaults(), 8);
        faulty.inject(Fault.of(FaultType.BEARING_OUTER, 1.0));
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system());
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttProbe cloud = new MqttProbe(brokers.mqttSettings("cloud")).subscribe(topics.mqttFilter(Channel.ESCALATIONS));
             MqttProbe actuator = new MqttProbe(brokers.mqttSettings("act")).subscribe(topics.mqttFilter(Channel.COMMANDS))) {
            for (int i = 0; i < 50; i++) {
                sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-ok")),
                        Codecs.sensorWindow().encode(window("m-ok", i, healthy.nextWindow())));
            }
            SensorWindow bad = window("m-bad", 0, faulty.nextWindow());
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-bad")), Codecs.sensorWindow().encode(bad));

            List<MqttProbe.Message> commands = actuator.await(1, Duration.ofSeconds(20));
            awaitWindows(agent, 51);

            Command stop = Codecs.command().decode(commands.get(0).payload()).orElseThrow();
            assertThat(stop).isInstanceOf(StopMachine.class);
            assertThat(stop.header().deviceId()).isEqualTo(DeviceId.of("m-bad"));
            assertThat(stop.header().correlationId()).isEqualTo(bad.correlationId());
            assertThat(stop.header().origin()).isEqualTo(CommandOrigin.EDGE);

            // The command leaves the agent before its counters move; wait for the worker to finish the window.
            EdgeStats s = awaitStats(agent, st -> st.localActions() >= 1 && st.decidedLocally() >= 40);
            assertThat(s.windows()).isEqualTo(51);
            assertThat(s.decidedLocally()).as("healthy windows decided at the edge").isGreaterThanOrEqualTo(40);
            assertThat(s.localActions()).isEqualTo(1);
            List<MqttProbe.Message> escalations = cloud.await((int) s.escalatedTotal(), Duration.ofSeconds(10));
            assertThat(escalations).hasSize((int) s.escalatedTotal());
            Escalation acted = escalations.stream().map(m -> Codecs.escalation().decode(m.payload()).orElseThrow())
                    .filter(e -> e.reason() == EscalationReason.ACTED_LOCALLY).findFirst().orElseThrow();
            assertThat(acted.window()).isEqualTo(bad);
            assertThat(acted.edgeModel().name()).isEqualTo("vibration-anomaly-edge");
            var manifest = ModelBundle.load(VIBRATION).manifest();
            assertThat(manifest.calibration()).as("the default edge model carries the band the factory measured").isNotNull();
            assertThat((double) acted.edgeScore()).as("a score the edge is sure of: above the model's calibrated band")
                    .isGreaterThan(manifest.threshold() + manifest.calibration().bandAbove());
        }
    }

    @Test
    void windowFarOutsideTheTrainingData_isEscalatedOutOfDistribution_andNotActedOn(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        java.util.Random r = new java.util.Random(5);
        float[] noise = new float[1024];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) Math.max(-190, Math.min(190, 60 * r.nextGaussian()));
        }
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system());
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttProbe cloud = new MqttProbe(brokers.mqttSettings("cloud")).subscribe(topics.mqttFilter(Channel.ESCALATIONS));
             MqttProbe actuator = new MqttProbe(brokers.mqttSettings("act")).subscribe(topics.mqttFilter(Channel.COMMANDS))) {
            SensorWindow strange = window("m-strange", 0, noise);
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-strange")), Codecs.sensorWindow().encode(strange));

            Escalation e = Codecs.escalation().decode(cloud.await(1, Duration.ofSeconds(20)).get(0).payload()).orElseThrow();

            assertThat(e.reason()).isEqualTo(EscalationReason.OUT_OF_DISTRIBUTION);
            assertThat(e.window()).isEqualTo(strange);
            assertThat(agent.stats().localActions()).isZero();
            assertThat(actuator.await(1, Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void machineAtRest_isDecidedAtTheEdgeWithoutScoring(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Machine machine = new Machine(MachineSpec.defaults(), 12);
        machine.stop();
        machine.advance(Duration.ofSeconds(30));
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system());
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            for (int i = 0; i < 10; i++) {
                sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-idle")),
                        Codecs.sensorWindow().encode(window("m-idle", i, machine.nextWindow())));
            }

            awaitWindows(agent, 10);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (agent.stats().idle() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(agent.stats().idle()).isEqualTo(10);
            assertThat(agent.stats().decidedLocally()).isEqualTo(10);
            assertThat(agent.stats().escalatedTotal()).isZero();
            assertThat(agent.stats().localActions()).isZero();
        }
    }

    @Test
    void malformedOrMisshapenWindows_areCountedAsRejected_andTheAgentKeepsGoing(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Machine healthy = new Machine(MachineSpec.defaults(), 9);
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system());
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            String topic = topics.mqtt(Channel.WINDOWS, DeviceId.of("m-1"));
            sensors.publish(topic, "garbage".getBytes(StandardCharsets.UTF_8));
            sensors.publish(topic, Codecs.sensorWindow().encode(window("m-1", 0, new float[100])));
            sensors.publish(topic, Codecs.sensorWindow().encode(window("m-1", 1, healthy.nextWindow())));

            awaitWindows(agent, 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (agent.stats().rejected() + agent.stats().decidedLocally() + agent.stats().escalatedTotal() < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(agent.stats().rejected()).isEqualTo(2);
            assertThat(agent.stats().decidedLocally() + agent.stats().escalatedTotal()).isEqualTo(1);
        }
    }

    @Test
    void tamperedModel_isRefusedAtStart_namingTheFile(TestBrokers brokers, @TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("vibration-anomaly-edge").resolve("1");
        Files.createDirectories(copy);
        for (Path f : List.of(VIBRATION.resolve("manifest.json"), VIBRATION.resolve("model.tflite"))) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        byte[] model = Files.readAllBytes(copy.resolve("model.tflite"));
        model[model.length / 2] ^= 0x5a;
        Files.write(copy.resolve("model.tflite"), model);
        Topics topics = brokers.newTopics();
        EdgeConfig cfg = EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics, Map.of(SensorKind.VIBRATION, copy));

        assertThatThrownBy(() -> EdgeAgent.start(cfg, InstantSource.system()))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining(copy.resolve("model.tflite").toString())
                .hasMessageContaining("SHA-256");
    }

    @Test
    void unsignedModel_isRefusedWhenSignaturesAreRequired(TestBrokers brokers, @TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("vibration-anomaly-edge").resolve("1");
        Files.createDirectories(copy);
        for (Path f : List.of(VIBRATION.resolve("manifest.json"), VIBRATION.resolve("model.tflite"))) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        Topics topics = brokers.newTopics();
        EdgeConfig cfg = EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics, Map.of(SensorKind.VIBRATION, copy))
                .withTrustedKeys(TestModels.dir().resolveSibling("keys"));

        assertThatThrownBy(() -> EdgeAgent.start(cfg, InstantSource.system()))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining(copy.toString())
                .hasMessageContaining("sig");
    }

    @Test
    void signedDefaultModel_startsWhenSignaturesAreRequired(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        EdgeConfig cfg = config(brokers, topics).withTrustedKeys(TestModels.dir().resolveSibling("keys"));

        try (EdgeAgent agent = EdgeAgent.start(cfg, InstantSource.system())) {
            assertThat(agent.stats().windows()).isZero();
        }
    }

    private static EdgeStats awaitStats(EdgeAgent agent, java.util.function.Predicate<EdgeStats> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        EdgeStats s = agent.stats();
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = agent.stats();
        }
        return s;
    }

    private static void awaitWindows(EdgeAgent agent, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agent.stats().windows() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(agent.stats().windows()).isEqualTo(n);
    }
}
