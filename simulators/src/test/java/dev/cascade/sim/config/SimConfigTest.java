package dev.cascade.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetEvent;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimConfigTest {
    private static final Path EXAMPLES = Path.of("examples");

    @Test
    void exampleConfig_parsesIntoTypedSettings() throws Exception {
        SimConfig c = SimConfig.load(EXAMPLES.resolve("sim.yaml"));
        assertThat(c.namespace()).isEqualTo("cascade");
        assertThat(c.duration()).isEmpty();
        assertThat(c.runner().clockOffsetStdDev()).isEqualTo(Duration.ofMillis(5));
        assertThat(c.factory().machines()).isEqualTo(8);
        assertThat(c.factory().timeAcceleration()).isEqualTo(60);
        assertThat(c.farm().soils()).containsExactly(SoilType.LOAM, SoilType.SAND, SoilType.CLAY);
        assertThat(c.farm().timeAcceleration()).isEqualTo(600);
        assertThat(c.farm().start()).contains(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(c.events()).hasSize(2);
        FleetEvent.InjectFault f = (FleetEvent.InjectFault) c.events().get(0);
        assertThat(f.at()).isEqualTo(Duration.ofSeconds(20));
        assertThat(f.fault().type()).isEqualTo(FaultType.BEARING_OUTER);
        assertThat(f.devices().share()).isEqualTo(0.25);
        assertThat(((FleetEvent.Dropout) c.events().get(1)).length()).isEqualTo(Duration.ofSeconds(15));

        List<FleetDevice> devices = Simulation.devices(c, Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(devices).hasSize(20);
        assertThat(devices.get(0).device().id().value()).isEqualTo("press-0000");
        assertThat(devices.get(8).device().id().value()).isEqualTo("field-1.zone-0000");
        assertThat(devices.get(0).period()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void benchConfig_describesTenThousandDevicesAtTwoThousandWindowsPerSecond() throws Exception {
        SimConfig c = SimConfig.load(EXAMPLES.resolve("bench-10k.yaml"));
        assertThat(c.devices()).isEqualTo(10_000);
        assertThat(c.factory().machines() * c.factory().windowsPerSecond() + c.farm().zones() * c.farm().windowsPerSecond())
                .isEqualTo(2000.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void badConfig_reportsEveryViolationNamingItsField() {
        String yaml = """
                namespace: Bad_Name
                duration: 5 parsecs
                mqtt: {qos: 2, serverUri: "http://x"}
                factory:
                  machnes: 10
                  machines: -5
                  shaftHz: 900
                  bearing: {ballDiameterMm: 50, pitchDiameterMm: 40}
                farm:
                  band: {lowPct: 30, highPct: 20}
                  soils: [LOAM, PEAT]
                replay:
                  - deviceId: rig-1
                    file: missing.csv
                events:
                  - at: 10s
                  - at: 20s
                    fault: {type: RUST}
                """;
        assertThatThrownBy(() -> SimConfig.parse(yaml, Path.of(".")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        "namespace must be of the form [a-z][a-z0-9-]{0,31}, was \"Bad_Name\"",
                        "duration must be a duration like 250ms, 30s, 5m, 2h, 1d or PT30S, was \"5 parsecs\"",
                        "mqtt.serverUri must be of the form (tcp|ssl)://[^/]+:\\d{1,5}, was \"http://x\"",
                        "mqtt.qos must be in [0, 1], was 2",
                        "factory.machines must be in [0, 100000], was -5",
                        "factory.machnes is not a known setting (known here: bearing, idPrefix, load, loadWanderPerMinute, "
                                + "machineNoiseG, machines, resonanceHz, sampleRateHz, sensorNoiseG, shaftHz, shaftSpread, "
                                + "timeAcceleration, windowSize, windowsPerSecond)",
                        "factory.bearing.ballDiameterMm must be < pitchDiameterMm (40.0), was 50.0",
                        "factory.shaftHz must be in (0, sampleRateHz/40 = 204.8] so that 10x and bearing tones fit below Nyquist, was 900.0",
                        "farm.band.highPct must be in (lowPct = 30.0, 100], was 20.0",
                        "farm.soils must be a list of SAND|LOAM|CLAY, was [\"LOAM\",\"PEAT\"]",
                        "replay[0].file must be a readable file, was " + Path.of(".").resolve("missing.csv"),
                        "events[0].fault must be set, or dropout set, but not both, was neither",
                        "events[1].fault.type must be one of IMBALANCE|MISALIGNMENT|BEARING_OUTER|BEARING_INNER|BEARING_BALL|LOOSENESS, was \"RUST\""))
                .hasMessageStartingWith("invalid simulator configuration (13 problems):\n  namespace must be");
    }

    @Test
    void replayEntry_becomesADevicePlayingTheFileAtItsSpeed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rig.csv"), "x\n" + "0.5\n".repeat(4096));
        SimConfig c = SimConfig.parse("factory: {machines: 0}\nfarm: {zones: 0}\nreplay:\n"
                + "  - {deviceId: rig-1, file: rig.csv, sampleRateHz: 4096, framesPerWindow: 1024, speed: 4}\n", dir);
        List<FleetDevice> devices = Simulation.devices(c, Instant.EPOCH);
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).device()).isInstanceOf(dev.cascade.sim.replay.ReplayDevice.class);
        assertThat(devices.get(0).device().id().value()).isEqualTo("rig-1");
        assertThat(devices.get(0).period()).as("1024 frames at 4096 Hz, 4x").isEqualTo(Duration.ofMillis(62).plusNanos(500_000));
    }

    @Test
    void noDevices_isAViolation() {
        assertThatThrownBy(() -> SimConfig.parse("factory: {machines: 0}\nfarm: {zones: 0}\n", Path.of(".")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "factory.machines, farm.zones and replay must configure at least one device, was 0"));
    }

    @Test
    void reference_documentsEverySetting_andTheCommittedCopyIsCurrent() throws IOException {
        String reference = SimConfig.reference();
        assertThat(reference).contains("| `factory.bearing.balls` | integer | `9` | rolling elements |")
                .contains("| `events[].fault.type` |")
                .contains("| `farm.fixedSchedule.at` | string | `05:00` |")
                .contains("| `mqtt.connections` | integer | `4` |");
        String committed = Files.readString(Path.of("CONFIG.md"));
        assertThat(committed).as("simulators/CONFIG.md is generated by SimConfig.reference(); regenerate it")
                .contains(reference);
    }

    @Test
    void mqttTls_withClientIdInThePaths_givesEachPooledConnectionItsCertificate() throws Exception {
        SimConfig c = SimConfig.parse("""
                mqtt:
                  serverUri: ssl://127.0.0.1:8883
                  clientId: cascade-sim
                  tls: {caFile: pki/ca.pem, certFile: "pki/clients/{client-id}.pem", keyFile: "pki/clients/{client-id}-key.pem"}
                factory: {machines: 1}
                """, Path.of("/fleet"));

        assertThat(c.mqtt().tls()).hasValueSatisfying(t -> {
            assertThat(t.caFile()).isEqualTo(Path.of("/fleet/pki/ca.pem"));
            assertThat(t.certFileOf("cascade-sim-0")).isEqualTo(Path.of("/fleet/pki/clients/cascade-sim-0.pem"));
            assertThat(t.keyFileOf("cascade-sim-0")).isEqualTo(Path.of("/fleet/pki/clients/cascade-sim-0-key.pem"));
        });
        assertThat(c.mqtt().withServerUri("ssl://10.0.0.1:8883").tls()).isEqualTo(c.mqtt().tls());
    }

    @Test
    void mqttSsl_withoutTls_isAViolation() {
        assertThatThrownBy(() -> SimConfig.parse("mqtt: {serverUri: ssl://127.0.0.1:8883}\nfactory: {machines: 1}\n",
                Path.of(".")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "mqtt.tls must be set for an ssl:// serverUri, was (none)"));
    }
}
