package dev.cascade.actuators.safety;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandSignature;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
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
import dev.cascade.sim.fleet.ExecutionLog;
import dev.cascade.sim.fleet.Fleet;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetOptions;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Simulated machines and valves on the test's MQTT broker, with their execution log, and a probe on the Kafka acks
 * topic. Windows are sent once an hour, so the devices mostly just answer commands. Must be closed.
 */
final class SimulatedSite implements AutoCloseable {
    final Topics topics;
    final ExecutionLog log = new ExecutionLog();
    final Fleet fleet;
    final KafkaProbe acks;

    SimulatedSite(TestBrokers brokers, Topics topics, List<String> machines, List<String> valves,
                  Optional<CommandSignature.Verifier> verifier) {
        this.topics = topics;
        List<FleetDevice> devices = new ArrayList<>();
        int seed = 0;
        for (String m : machines) {
            devices.add(FleetDevice.of(new VibrationDevice(DeviceId.of(m), new Machine(MachineSpec.defaults(), seed++), 1),
                    Duration.ofHours(1)));
        }
        for (String v : valves) {
            SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, Instant.parse("2026-07-01T00:00:00Z"))
                    .withInitialMoisturePct(22), seed);
            devices.add(FleetDevice.of(new SoilDevice(DeviceId.of(v), zone, new SoilProbe(zone, ProbeSpec.defaults(), seed++),
                    10, Duration.ofMinutes(1), new MoistureBand(20, 30), Optional.empty()), Duration.ofHours(1)));
        }
        fleet = new Fleet(devices, List.of(), new MqttTransport(brokers.mqttSettings("site"), 1, 1),
                FleetOptions.defaults(topics), InstantSource.system(), log, verifier);
        fleet.start();
        acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
    }

    /** Waits for the acknowledgements on Kafka until {@code n} of them are there, decoded. */
    List<CommandAck> acks(int n) {
        List<CommandAck> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : acks.atLeast(n, Duration.ofSeconds(30))) {
            out.add(Codecs.commandAck().decode(r.value()).orElseThrow());
        }
        return out;
    }

    /** The acknowledgement of {@code id} on Kafka (waiting for it). */
    CommandAck ackOf(dev.cascade.protocol.command.CommandId id) {
        List<ConsumerRecord<String, byte[]>> got = acks.until(s -> s.stream().anyMatch(r -> id.equals(
                Codecs.commandAck().decode(r.value()).orElseThrow().commandId())), Duration.ofSeconds(30));
        return got.stream().map(r -> Codecs.commandAck().decode(r.value()).orElseThrow())
                .filter(a -> a.commandId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no acknowledgement of " + id + " on Kafka within 30 s"));
    }

    @Override
    public void close() {
        acks.close();
        fleet.close();
    }
}
