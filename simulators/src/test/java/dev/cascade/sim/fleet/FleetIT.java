package dev.cascade.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.device.Commands;
import dev.cascade.sim.device.MoistureBand;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.ZoneSpec;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@WithBrokers
class FleetIT {

    private static List<FleetDevice> fleet(int machines, int zones, Duration period) {
        List<FleetDevice> out = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            out.add(FleetDevice.of(new VibrationDevice(DeviceId.of("press-" + i), new Machine(MachineSpec.defaults(), i), 1), period));
        }
        for (int i = 0; i < zones; i++) {
            SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, Instant.parse("2026-07-01T00:00:00Z"))
                    .withInitialMoisturePct(22), i);
            out.add(FleetDevice.of(new SoilDevice(DeviceId.of("zone-" + i), zone, new SoilProbe(zone, ProbeSpec.defaults(), i),
                    10, Duration.ofMinutes(1), new MoistureBand(20, 30), Optional.empty()), period));
        }
        return out;
    }

    private static CommandAck awaitAck(MqttProbe probe, int n) throws InterruptedException {
        List<MqttProbe.Message> got = probe.await(n, Duration.ofSeconds(20));
        assertThat(got).hasSizeGreaterThanOrEqualTo(n);
        return Codecs.commandAck().decode(got.get(n - 1).payload()).orElseThrow();
    }

    @Test
    void devicesOverARealBroker_publishWindows_andAcknowledgeCommandsWithTheirCorrelationId(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        DeviceId press = DeviceId.of("press-1");
        DeviceId zone = DeviceId.of("zone-0");
        try (MqttProbe windows = new MqttProbe(brokers.mqttSettings("it-windows")).subscribe(topics.mqttFilter(Channel.WINDOWS));
             MqttProbe pressAcks = new MqttProbe(brokers.mqttSettings("it-acks-press")).subscribe(topics.mqtt(Channel.ACKS, press));
             MqttProbe zoneAcks = new MqttProbe(brokers.mqttSettings("it-acks-zone")).subscribe(topics.mqtt(Channel.ACKS, zone));
             Fleet fleet = new Fleet(fleet(3, 2, Duration.ofMillis(50)), List.of(),
                     new MqttTransport(brokers.mqttSettings("it-fleet"), 2, 1), FleetOptions.defaults(topics),
                     InstantSource.system(), FleetObserver.NONE)) {
            fleet.start();

            List<MqttProbe.Message> got = windows.await(50, Duration.ofSeconds(20));
            assertThat(got).hasSizeGreaterThanOrEqualTo(50);
            Map<DeviceId, Long> nextSeq = new HashMap<>();
            for (MqttProbe.Message m : got) {
                SensorWindow w = Codecs.sensorWindow().decode(m.payload()).orElseThrow();
                assertThat(m.topic()).isEqualTo(topics.mqtt(Channel.WINDOWS, w.deviceId()));
                assertThat(w.kind()).isEqualTo(w.deviceId().value().startsWith("press") ? SensorKind.VIBRATION : SensorKind.SOIL);
                assertThat(w.sequence()).isEqualTo(nextSeq.getOrDefault(w.deviceId(), 0L));
                nextSeq.put(w.deviceId(), w.sequence() + 1);
            }

            StopMachine stop = Commands.stop(press, Instant.now());
            byte[] stopBytes = Codecs.command().encode(stop);
            pressAcks.publish(topics.mqtt(Channel.COMMANDS, press), stopBytes);
            CommandAck executed = awaitAck(pressAcks, 1);
            assertThat(executed.status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(executed.commandId()).isEqualTo(stop.commandId());
            assertThat(executed.correlationId()).isEqualTo(stop.header().correlationId());
            assertThat(executed.windowSentAt()).isEqualTo(stop.header().windowSentAt());

            pressAcks.publish(topics.mqtt(Channel.COMMANDS, press), stopBytes);   // a redelivery
            assertThat(awaitAck(pressAcks, 2).status()).isEqualTo(AckStatus.DUPLICATE);
            assertThat(fleet.stats().machinesRunning()).isEqualTo(2);

            OpenValve open = Commands.open(zone, Instant.now(), Duration.ofMinutes(30));
            zoneAcks.publish(topics.mqtt(Channel.COMMANDS, zone), Codecs.command().encode(open));
            assertThat(awaitAck(zoneAcks, 1).status()).isEqualTo(AckStatus.EXECUTED);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (fleet.stats().waterUsedLitres() < 6000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fleet.stats().waterUsedLitres()).isEqualTo(6000.0);

            zoneAcks.publish(topics.mqtt(Channel.COMMANDS, zone), "garbage".getBytes());
            zoneAcks.publish(topics.mqtt(Channel.COMMANDS, zone), Codecs.command().encode(Commands.close(zone, Instant.now())));
            assertThat(awaitAck(zoneAcks, 2).status()).isEqualTo(AckStatus.EXECUTED);
            FleetStats s = fleet.stats();
            assertThat(s.commandsRejectedTotal()).isEqualTo(1);
            assertThat(s.windowsFailed()).isZero();
        }
    }

    @Test
    void aFleetLargerThanThePerDeviceLimit_routesCommandsFromOneFilterSubscription(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        int n = Fleet.PER_DEVICE_SUBSCRIPTIONS + 44;
        DeviceId last = DeviceId.of("press-" + (n - 1));
        try (MqttProbe acks = new MqttProbe(brokers.mqttSettings("it-acks")).subscribe(topics.mqtt(Channel.ACKS, last));
             Fleet fleet = new Fleet(fleet(n, 0, Duration.ofSeconds(1)), List.of(),
                     new MqttTransport(brokers.mqttSettings("it-big"), 4, 1), FleetOptions.defaults(topics),
                     InstantSource.system(), FleetObserver.NONE)) {
            fleet.start();
            StopMachine stop = Commands.stop(last, Instant.now());
            acks.publish(topics.mqtt(Channel.COMMANDS, last), Codecs.command().encode(stop));
            CommandAck ack = awaitAck(acks, 1);
            assertThat(ack.status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(ack.deviceId()).isEqualTo(last);
            assertThat(fleet.stats().machinesRunning()).isEqualTo(n - 1);
        }
    }
}
