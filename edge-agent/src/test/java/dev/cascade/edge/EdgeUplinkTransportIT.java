package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.action.IrrigationPolicy;
import dev.cascade.edge.actuate.ActuateOptions;
import dev.cascade.edge.actuate.CommandAuthority;
import dev.cascade.edge.actuate.OutputKind;
import dev.cascade.edge.actuate.OutputSpec;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.edge.uplink.UplinkTransport;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.process.MosquittoProcess;
import dev.cascade.transport.awsiot.AwsIotSettings;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.tls.PemTls;
import dev.cascade.transport.mqtt.tls.PerClientTls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole agent with each uplink transport (Paho MQTT, the AWS IoT Device SDK) against a cloud mosquitto that wants
 * mutual TLS and enforces the fleet's ACLs; sensors on a plain local mosquitto.
 */
@Timeout(120)
class EdgeUplinkTransportIT {
    private static final Path VIBRATION = TestModels.latest("vibration-anomaly-edge");
    private static final DeviceId GATEWAY = DeviceId.of("gateway-1");
    private static final DeviceId PRESS = DeviceId.of("press-0");
    private static final Topics TOPICS = new Topics("cascade");

    @TempDir
    static Path dir;
    static Path pki;
    static MosquittoProcess cloud;
    static MosquittoProcess local;

    @BeforeAll
    static void start() {
        pki = dir.resolve("pki");
        FleetCertificates.write(FleetFile.parse("""
                gateway gateway-1 serves=press-0 connections=uplink,uplink-device,aws,aws-device
                ingest ingest-1 group=ingest
                actuators actuators-1 group=actuators connections=acks
                """, "edge-transport-it"), pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        cloud = MosquittoProcess.startTls(dir.resolve("cloud"), 0, false, MosquittoProcess.Tls.of(pki));
        local = MosquittoProcess.start(dir.resolve("local"), 0, false);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (local != null) {
            local.close();
        }
    }

    /**
     * A client of the cloud broker as {@code identity} (its certificate), with client id {@code clientId}. The broker
     * forces the client id to the certificate's CN, so the agent's two links each present their own certificate
     * ({@code {client-id}} in the paths, as a deployment's config would say).
     */
    private static MqttSettings cloudClient(String identity, String clientId) {
        return new MqttSettings(cloud.serverUri(), clientId, true, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1000, false, Optional.empty(), Optional.empty(),
                Optional.of(PemTls.socketFactory(pki.resolve("ca.pem"), Optional.of(pki.resolve("clients/" + identity + ".pem")),
                        Optional.of(pki.resolve("clients/" + identity + "-key.pem")))));
    }

    private static UplinkTransport transport(UplinkTransport.Kind kind) {
        if (kind == UplinkTransport.Kind.MQTT) {
            return UplinkTransport.mqtt();
        }
        return UplinkTransport.awsIot(AwsIotSettings.of("127.0.0.1", cloud.port(), "gateway-1-aws",
                        pki.resolve("clients/{client-id}.pem"), pki.resolve("clients/{client-id}-key.pem"),
                        Optional.of(pki.resolve("ca.pem")))
                .withoutAwsIotCoreLimits().withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private static EdgeConfig config(UplinkTransport.Kind kind) {
        // Paho keeps a session of an hour for its links (clean start off); the AWS IoT settings keep one of a day.
        PerClientTls perConnection = new PerClientTls(pki.resolve("ca.pem"), pki.resolve("clients").toString()
                + "/{client-id}.pem", pki.resolve("clients").toString() + "/{client-id}-key.pem");
        MqttSettings uplink = new MqttSettings(cloud.serverUri(), "gateway-1-uplink", true, Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofSeconds(10), 1000, false, Optional.empty(), Optional.empty(),
                Optional.of(perConnection.forClient("gateway-1-uplink")), Optional.of(perConnection))
                .withPersistentSession(Duration.ofHours(1));
        return new EdgeConfig(GATEWAY, MqttSettings.of(local.serverUri(), "gateway-1-" + kind.name().toLowerCase() + "-sensors"),
                uplink, TOPICS, Map.of(SensorKind.VIBRATION, VIBRATION), Optional.empty(),
                EscalationPolicy.defaults().withAuditRate(1), UplinkOptions.immediate().withTransport(transport(kind)), 1,
                Duration.ofSeconds(30), IrrigationPolicy.defaults(), Duration.ofMinutes(5));
    }

    private static DeviceOptions device(Path state) {
        // The fleet ACL lets a gateway subscribe to its devices' commands only (not to a config topic).
        return new DeviceOptions(ActuateOptions.defaults().withOutputs(List.of(OutputSpec.log(PRESS, OutputKind.MACHINE))),
                Duration.ZERO, Duration.ofMinutes(1), Optional.of(state), false, CommandAuthority.ACCEPT_ALL);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(UplinkTransport.Kind.class)
    void agent_escalatesOverTheTransport_andACommandSentWhileItWasDown_isExecutedAfterItRestarts(
            UplinkTransport.Kind kind, @TempDir Path state) throws Exception {
        EdgeConfig config = config(kind);
        Machine healthy = new Machine(MachineSpec.defaults(), 21);
        List<String> sent = new ArrayList<>();
        String suffix = kind.name().toLowerCase();
        try (MqttProbe ingest = new MqttProbe(cloudClient("ingest-1", "ingest-1-" + suffix))
                     .subscribe("$share/ingest/" + TOPICS.mqttFilter(Channel.ESCALATIONS));
             // acks are the actuators' to read (their shared group): the broker refuses them to ingest
             MqttProbe ackReader = new MqttProbe(cloudClient("actuators-1-acks", "actuators-1-acks"))
                     .subscribe("$share/actuators/" + TOPICS.mqttFilter(Channel.ACKS));
             MqttProbe sensors = new MqttProbe(MqttSettings.of(local.serverUri(), "sensor-press-0-" + suffix))) {
            try (EdgeAgent agent = EdgeAgent.start(config, device(state), InstantSource.system(), EdgeObserver.NONE)) {
                Instant t = Instant.now();
                for (int i = 0; i < 3; i++) {
                    SensorWindow w = new SensorWindow(PRESS, SensorKind.VIBRATION, 8192, t, i, CorrelationId.random(), t,
                            Samples.of(healthy.nextWindow()));
                    sent.add(w.correlationId().value());
                    sensors.publish(TOPICS.mqtt(Channel.WINDOWS, PRESS), Codecs.sensorWindow().encode(w));
                }

                List<MqttProbe.Message> up = ingest.await(3, Duration.ofSeconds(60));

                assertThat(up).extracting(MqttProbe.Message::topic).containsOnly(TOPICS.mqtt(Channel.ESCALATIONS, PRESS));
                assertThat(up).extracting(m -> Codecs.escalation().decode(m.payload()).orElseThrow())
                        .extracting(e -> e.window().correlationId().value()).containsExactlyInAnyOrderElementsOf(sent);
                await(() -> agent.stats().uplinkSent() == 3);
                assertThat(agent.uplinkConnected()).isTrue();
            }

            // The agent is gone; its device link's session stays on the broker and queues the command.
            Instant now = Instant.now();
            Command stop = new StopMachine(new CommandHeader(CommandId.of("command-offline-" + suffix), PRESS,
                    CorrelationId.of("corr-0000-offline-" + suffix), CommandOrigin.CLOUD, now, now.plusSeconds(60), now),
                    "bearing fault");
            try (MqttProbe actuators = new MqttProbe(cloudClient("actuators-1", "actuators-1-" + suffix))) {
                actuators.publish(TOPICS.mqtt(Channel.COMMANDS, PRESS), Codecs.command().encode(stop));
            }

            try (EdgeAgent again = EdgeAgent.start(config, device(state), InstantSource.system(), EdgeObserver.NONE)) {
                await(() -> again.deviceStats().commandsExecuted() == 1);

                List<CommandAck> acks = new ArrayList<>();
                await(() -> {
                    acks.clear();
                    for (MqttProbe.Message m : ackReader.received()) {
                        if (m.topic().equals(TOPICS.mqtt(Channel.ACKS, PRESS))) {
                            acks.add(Codecs.commandAck().decode(m.payload()).orElseThrow());
                        }
                    }
                    return !acks.isEmpty();
                });
                assertThat(acks).extracting(a -> a.commandId().value() + " " + a.status().displayName())
                        .containsExactly("command-offline-" + suffix + " executed");
                assertThat(again.deviceStats().commandsRefusedByRule()).isEmpty();
            }
        }
    }
}
