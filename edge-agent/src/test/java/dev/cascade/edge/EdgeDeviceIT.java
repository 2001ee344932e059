package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.actuate.ActuateOptions;
import dev.cascade.edge.actuate.OutputKind;
import dev.cascade.edge.actuate.OutputSpec;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.telemetry.Heartbeat;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@WithBrokers
@Timeout(60)
class EdgeDeviceIT {
    private static final Path VIBRATION = TestModels.latest("vibration-anomaly-edge");
    private static final DeviceId GATEWAY = DeviceId.of("gw-dev");
    private static final DeviceId ZONE = DeviceId.of("zone-9");
    private static final DeviceId PRESS = DeviceId.of("press-9");

    private static EdgeConfig config(TestBrokers brokers, Topics topics) {
        return EdgeConfig.of(GATEWAY, brokers.mqttUri(), topics, Map.of(SensorKind.VIBRATION, VIBRATION))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0));
    }

    private static DeviceOptions device(Path state) {
        return DeviceOptions.defaults().withStateDir(state).withHeartbeatInterval(Duration.ZERO)
                .withActuate(ActuateOptions.defaults().withOutputs(List.of(OutputSpec.log(ZONE, OutputKind.VALVE),
                        OutputSpec.log(PRESS, OutputKind.MACHINE))));
    }

    private static CommandHeader header(String id, DeviceId d, CommandOrigin origin, Instant issued) {
        return new CommandHeader(CommandId.of("command-" + id), d, CorrelationId.of("corr-0000-" + id), origin, issued,
                issued.plusSeconds(30), issued);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(20);
        }
    }

    @Test
    void cloudCommands_throughTheCommandSubscription_areExecutedOrRefusedByTheirRule_andAcknowledged(
            TestBrokers brokers, @TempDir Path state) throws Exception {
        Topics topics = brokers.newTopics();
        Instant now = Instant.now();
        Command open = new OpenValve(header("open-1", ZONE, CommandOrigin.CLOUD, now), Duration.ofMinutes(5));
        Command expired = new OpenValve(header("open-2", ZONE, CommandOrigin.CLOUD, now.minusSeconds(60)),
                Duration.ofMinutes(5));
        Command stop = new StopMachine(header("stop-1", PRESS, CommandOrigin.CLOUD, now), "bearing fault");
        Command resume = new ResumeMachine(header("resume-1", PRESS, CommandOrigin.CLOUD, now), "looks fine now");
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), device(state), InstantSource.system(),
                EdgeObserver.NONE);
             MqttProbe cloud = new MqttProbe(brokers.mqttSettings("bridge")).subscribe(topics.mqttFilter(Channel.ACKS))) {
            for (Command c : List.of(open, expired, stop, resume, open)) {
                cloud.publish(topics.mqtt(Channel.COMMANDS, c.header().deviceId()), Codecs.command().encode(c));
            }

            List<CommandAck> acks = cloud.await(5, Duration.ofSeconds(30)).stream()
                    .map(m -> Codecs.commandAck().decode(m.payload()).orElseThrow()).toList();

            assertThat(acks).extracting(a -> a.commandId().value() + " " + a.status().displayName() + " " + a.rule())
                    .containsExactly("command-open-1 executed ", "command-open-2 expired expired",
                            "command-stop-1 executed ", "command-resume-1 interlocked resume_by_operator",
                            "command-open-1 duplicate duplicate");
            assertThat(acks.get(3).detail())
                    .isEqualTo("a stopped machine resumes only on an operator's command, was from cloud");
            DeviceStats s = agent.deviceStats();
            assertThat(s.commandsExecuted()).isEqualTo(2);
            assertThat(s.commandsRefusedByRule()).isEqualTo(Map.of("expired", 1L, "resume_by_operator", 1L,
                    "duplicate", 1L));
        }
    }

    @Test
    void heartbeat_arrivesOnTheBroker_withModelsAndAuditSamples_andNamesSensorsThatStopped(TestBrokers brokers,
            @TempDir Path state) throws Exception {
        Topics topics = brokers.newTopics();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        InstantSource clock = now::get;
        EdgeConfig auditAll = config(brokers, topics).withPolicy(EscalationPolicy.defaults().withAuditRate(1));
        Machine healthy = new Machine(MachineSpec.defaults(), 7);
        try (EdgeAgent agent = EdgeAgent.start(auditAll, device(state).withSensorSilentAfter(Duration.ofMinutes(1)), clock,
                EdgeObserver.NONE);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"));
             MqttProbe up = new MqttProbe(brokers.mqttSettings("up")).subscribe(topics.mqttFilter(Channel.ESCALATIONS));
             MqttProbe cloud = new MqttProbe(brokers.mqttSettings("cloud")).subscribe(topics.mqttFilter(Channel.TELEMETRY))) {
            Instant t = now.get();
            SensorWindow w = new SensorWindow(DeviceId.of("m-quiet"), SensorKind.VIBRATION, 8192, t, 0,
                    CorrelationId.random(), t, Samples.of(new float[1024]));
            sensors.publish(topics.mqtt(Channel.WINDOWS, w.deviceId()), Codecs.sensorWindow().encode(w));
            for (int i = 0; i < 5; i++) {
                SensorWindow ok = new SensorWindow(DeviceId.of("m-ok"), SensorKind.VIBRATION, 8192, t, i,
                        CorrelationId.random(), t, Samples.of(healthy.nextWindow()));
                sensors.publish(topics.mqtt(Channel.WINDOWS, ok.deviceId()), Codecs.sensorWindow().encode(ok));
            }
            await(() -> {
                EdgeStats s = agent.stats();
                return s.decidedLocally() + s.escalated().get(EscalationReason.UNCERTAIN) + s.rejected() == 6;
            });
            long audits = agent.stats().escalated().get(EscalationReason.AUDIT_SAMPLE);
            assertThat(audits).isPositive();
            assertThat(up.await((int) audits, Duration.ofSeconds(20))).extracting(
                    m -> Codecs.escalation().decode(m.payload()).orElseThrow().reason()).contains(EscalationReason.AUDIT_SAMPLE);
            now.set(t.plus(Duration.ofMinutes(2)));

            agent.heartbeatNow();
            List<MqttProbe.Message> got = cloud.await(1, Duration.ofSeconds(20));

            assertThat(got.get(0).topic()).isEqualTo(topics.mqtt(Channel.TELEMETRY, GATEWAY));
            Heartbeat h = Codecs.heartbeat().decode(got.get(0).payload()).orElseThrow();
            assertThat(h.gatewayId()).isEqualTo(GATEWAY);
            assertThat(h.sequence()).isZero();
            assertThat(h.windowsInInterval()).isEqualTo(6);
            assertThat(h.escalationsInInterval()).containsEntry("audit_sample", audits);
            assertThat(h.models()).extracting(ModelRef::name).containsExactly("vibration-anomaly-edge");
            assertThat(h.silentSensors()).containsExactly(DeviceId.of("m-ok"), DeviceId.of("m-quiet"));
            assertThat(h.heapUsedBytes()).isPositive();
            assertThat(h.diskFreeBytes()).isPositive();
            assertThat(agent.deviceStats().sensorSilences()).isEqualTo(2);
            await(() -> agent.deviceStats().heartbeatsSent() == 1);
        }
    }

    @Test
    void remoteConfig_onTheGatewaysConfigTopic_isAppliedAndReported_anInvalidOneRefusedWithItsKey_andKeptOverARestart(
            TestBrokers brokers, @TempDir Path state) throws Exception {
        Topics topics = brokers.newTopics();
        String configTopic = topics.mqtt(Channel.CONFIG, GATEWAY);
        try (MqttProbe cloud = new MqttProbe(brokers.mqttSettings("cloud"))) {
            try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), device(state), InstantSource.system(),
                    EdgeObserver.NONE)) {
                cloud.publish(configTopic, "edge: {version: v1, policy: {anomaly-high: 0.5}}".getBytes(StandardCharsets.UTF_8));
                await(() -> agent.deviceStats().remoteConfigsRefused() == 1);
                Heartbeat refused = agent.heartbeatNow();
                assertThat(refused.configVersion()).isEmpty();
                assertThat(refused.configRefusal()).isEqualTo("edge.policy.anomaly-high must be in [1.0, 1.0E9], was 0.5");

                cloud.publish(configTopic, "edge: {version: v2, policy: {anomaly-high: 4}}".getBytes(StandardCharsets.UTF_8));
                await(() -> agent.deviceStats().remoteConfigsApplied() == 1);
                Heartbeat applied = agent.heartbeatNow();
                assertThat(applied.configVersion()).isEqualTo("v2");
                assertThat(applied.configRefusal()).isEmpty();
            }
            try (EdgeAgent restarted = EdgeAgent.start(config(brokers, topics), device(state), InstantSource.system(),
                    EdgeObserver.NONE)) {
                assertThat(restarted.heartbeatNow().configVersion()).isEqualTo("v2");
            }
        }
    }
}
