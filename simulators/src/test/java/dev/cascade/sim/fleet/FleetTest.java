package dev.cascade.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
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
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.ZoneSpec;
import dev.cascade.sim.transport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class FleetTest {
    private static final Topics TOPICS = new Topics("fleet-test");
    private static final Duration PERIOD = Duration.ofMillis(10);

    private static List<FleetDevice> devices(int machines, int zones) {
        List<FleetDevice> out = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            out.add(FleetDevice.of(new VibrationDevice(DeviceId.of("press-" + i), new Machine(MachineSpec.defaults(), i), 1),
                    PERIOD));
        }
        for (int i = 0; i < zones; i++) {
            SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, Instant.parse("2026-07-01T00:00:00Z")), i);
            out.add(FleetDevice.of(new SoilDevice(DeviceId.of("zone-" + i), zone, new SoilProbe(zone, ProbeSpec.defaults(), i),
                    10, Duration.ofMinutes(1), new MoistureBand(20, 30), Optional.empty()), PERIOD));
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }

    private static List<InMemoryTransport.Published> on(InMemoryTransport t, String topic) {
        List<InMemoryTransport.Published> out = new ArrayList<>();
        for (InMemoryTransport.Published p : t.published()) {
            if (p.topic().equals(topic)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void everyDevice_publishesDecodableWindowsOnItsOwnTopic_withGaplessSequences() throws Exception {
        InMemoryTransport transport = new InMemoryTransport(100_000);
        try (Fleet fleet = new Fleet(devices(3, 2), List.of(), transport, FleetOptions.defaults(TOPICS),
                InstantSource.system(), FleetObserver.NONE)) {
            fleet.start();
            await(() -> fleet.stats().windowsDelivered() >= 100);
            fleet.close();

            Map<DeviceId, Long> nextSeq = new HashMap<>();
            Set<String> correlationIds = new HashSet<>();
            for (InMemoryTransport.Published p : transport.published()) {
                SensorWindow w = Codecs.sensorWindow().decode(p.payload()).orElseThrow();
                assertThat(p.topic()).isEqualTo(TOPICS.mqtt(Channel.WINDOWS, w.deviceId()));
                assertThat(p.contentType()).isEqualTo("application/cbor");
                assertThat(p.correlationId()).isEqualTo(w.correlationId());
                assertThat(w.kind()).isEqualTo(w.deviceId().value().startsWith("press") ? SensorKind.VIBRATION : SensorKind.SOIL);
                assertThat(w.sequence()).isEqualTo(nextSeq.getOrDefault(w.deviceId(), 0L));
                nextSeq.put(w.deviceId(), w.sequence() + 1);
                assertThat(correlationIds.add(w.correlationId().value())).isTrue();
            }
            assertThat(nextSeq).hasSize(5);
            FleetStats s = fleet.stats();
            assertThat(s.windowsPublished()).isEqualTo(transport.publishCount());
            assertThat(s.windowsDelivered()).isEqualTo(s.windowsPublished());
            assertThat(s.bytesPublished()).isEqualTo(transport.publishedBytes());
            assertThat(s.machines()).isEqualTo(3);
            assertThat(s.soilZones()).isEqualTo(2);
            assertThat(transport.subscriptions()).extracting(sub -> sub.filter())
                    .contains(TOPICS.mqtt(Channel.COMMANDS, DeviceId.of("press-0")), TOPICS.mqtt(Channel.COMMANDS, DeviceId.of("zone-1")));
        }
    }

    @Test
    void stopCommand_stopsTheMachine_andIsAcknowledgedOnItsAckTopic_onceThenAsDuplicate() throws Exception {
        InMemoryTransport transport = new InMemoryTransport(100_000);
        List<CommandAck> observed = new ArrayList<>();
        FleetObserver observer = new FleetObserver() {
            @Override
            public synchronized void acked(CommandAck ack) {
                observed.add(ack);
            }
        };
        DeviceId press = DeviceId.of("press-1");
        String ackTopic = TOPICS.mqtt(Channel.ACKS, press);
        try (Fleet fleet = new Fleet(devices(2, 1), List.of(), transport, FleetOptions.defaults(TOPICS),
                InstantSource.system(), observer)) {
            fleet.start();
            StopMachine stop = Commands.stop(press, Instant.now());
            byte[] payload = Codecs.command().encode(stop);
            String commandTopic = TOPICS.mqtt(Channel.COMMANDS, press);
            transport.deliver(commandTopic, payload);
            transport.deliver(commandTopic, payload);
            transport.deliver(commandTopic, "{not json".getBytes());
            transport.deliver(TOPICS.mqtt(Channel.COMMANDS, DeviceId.of("press-99")), payload);
            transport.deliver(TOPICS.mqtt(Channel.COMMANDS, DeviceId.of("press-0")), payload);
            transport.deliver(TOPICS.mqtt(Channel.COMMANDS, DeviceId.of("zone-0")),
                    Codecs.command().encode(Commands.stop(DeviceId.of("zone-0"), Instant.now())));
            await(() -> fleet.stats().acksTotal() == 3);
            await(() -> on(transport, ackTopic).size() == 2);

            List<CommandAck> acks = new ArrayList<>();
            for (InMemoryTransport.Published p : on(transport, ackTopic)) {
                acks.add(Codecs.commandAck().decode(p.payload()).orElseThrow());
                assertThat(p.contentType()).isEqualTo("application/json");
            }
            assertThat(acks).extracting(CommandAck::status).containsExactly(AckStatus.EXECUTED, AckStatus.DUPLICATE);
            assertThat(acks).allSatisfy(a -> assertThat(a.correlationId()).isEqualTo(stop.header().correlationId()));
            FleetStats s = fleet.stats();
            assertThat(s.machinesRunning()).isEqualTo(1);
            assertThat(s.commandsReceived()).isEqualTo(3);
            assertThat(s.acks()).containsEntry(AckStatus.EXECUTED, 1L).containsEntry(AckStatus.DUPLICATE, 1L)
                    .containsEntry(AckStatus.UNSUPPORTED, 1L);
            assertThat(s.commandsRejected()).containsEntry(RejectReason.MALFORMED, 1L)
                    .containsEntry(RejectReason.UNKNOWN_DEVICE, 1L).containsEntry(RejectReason.WRONG_TOPIC, 1L);
            synchronized (observer) {
                assertThat(observed).hasSize(3);
            }
        }
    }

    @Test
    void scheduledEvents_injectFaultsAndSilenceDevices() throws Exception {
        InMemoryTransport transport = new InMemoryTransport(0);
        List<FleetEvent> events = List.of(
                new FleetEvent.InjectFault(Duration.ZERO, new DeviceSelector("press-", 1), Fault.of(FaultType.IMBALANCE, 0.5)),
                new FleetEvent.Dropout(Duration.ZERO, new DeviceSelector("zone-", 1), Duration.ofHours(1)));
        try (Fleet fleet = new Fleet(devices(4, 2), events, transport, FleetOptions.defaults(TOPICS),
                InstantSource.system(), FleetObserver.NONE)) {
            fleet.start();
            await(() -> fleet.stats().windowsSuppressed() >= 20);
            FleetStats s = fleet.stats();
            assertThat(s.faultsInjected()).isEqualTo(4);
            for (FleetDevice d : fleet.devices().values()) {
                if (d.device() instanceof VibrationDevice) {
                    await(() -> ((VibrationDevice) d.device()).machine().faults().size() == 1);
                }
            }
            fleet.close();
            for (FleetDevice d : fleet.devices().values()) {
                if (d.device() instanceof SoilDevice) {
                    assertThat(d.device().sequence()).as("silent from the start").isZero();
                }
            }
        }
    }

    @Test
    void deviceSelector_picksAStableShare() {
        DeviceSelector half = new DeviceSelector("m-", 0.5);
        int picked = 0;
        for (int i = 0; i < 2000; i++) {
            DeviceId id = DeviceId.of("m-" + i);
            boolean p = half.picks(id, 7);
            assertThat(half.picks(id, 7)).isEqualTo(p);
            picked += p ? 1 : 0;
        }
        assertThat(picked).isBetween(900, 1100);
        assertThat(half.picks(DeviceId.of("z-1"), 7)).isFalse();
    }
}
