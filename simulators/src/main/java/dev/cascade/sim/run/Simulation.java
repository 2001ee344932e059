package dev.cascade.sim.run;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.sim.config.FactoryConfig;
import dev.cascade.sim.config.FarmConfig;
import dev.cascade.sim.config.ReplayConfig;
import dev.cascade.sim.config.RunnerConfig;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.Weather;
import dev.cascade.sim.farm.ZoneSpec;
import dev.cascade.sim.fleet.Fleet;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetOptions;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.recording.Recording;
import dev.cascade.recording.RecordingFormat;
import dev.cascade.recording.RecordingReader;
import dev.cascade.sim.replay.ReplayDevice;
import dev.cascade.sim.transport.InMemoryTransport;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.sim.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A fleet built from a {@link SimConfig}: the factory's machines, the farm's zones and the replays,
 * on an MQTT transport (or none), started. What {@code cascade simulate} and the benchmark harness run.
 * Must be closed.
 */
public final class Simulation implements AutoCloseable {
    private final SimConfig config;
    private final Fleet fleet;

    private Simulation(SimConfig config, Fleet fleet) {
        this.config = config;
        this.fleet = fleet;
    }

    /**
     * Builds every device and starts sending.
     *
     * @throws IOException if a replay file cannot be read
     * @throws RuntimeException if the broker cannot be reached (nothing is left running then)
     */
    public static Simulation start(SimConfig config, InstantSource clock, FleetObserver observer) throws IOException {
        List<FleetDevice> devices = devices(config, clock.instant());
        Transport transport = config.mqtt().enabled()
                ? new MqttTransport(config.mqtt().settings(), config.mqtt().connections(), config.mqtt().qos())
                : new InMemoryTransport(0);
        RunnerConfig r = config.runner();
        Fleet fleet = new Fleet(devices, config.events(), transport,
                new FleetOptions(config.topics(), r.workers(), r.jitter(), config.seed()), clock, observer, config.verifier());
        try {
            fleet.start();
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        return new Simulation(config, fleet);
    }

    /** The devices a configuration describes, with their periods and clock errors. */
    public static List<FleetDevice> devices(SimConfig config, Instant now) throws IOException {
        List<FleetDevice> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(config.seed());
        RunnerConfig r = config.runner();
        FactoryConfig f = config.factory();
        Duration machinePeriod = Duration.ofNanos(Math.round(1e9 / f.windowsPerSecond()));
        for (int i = 0; i < f.machines(); i++) {
            double shaft = f.machine().shaftHz() * (1 + f.shaftSpread() * (2 * random.nextDouble() - 1));
            Machine m = new Machine(f.machine().toBuilder().shaftHz(shaft).build(), config.seed() * 1_000_003L + i);
            out.add(withClock(new VibrationDevice(id(f.idPrefix(), i), m, f.timeAcceleration()), machinePeriod, r, random));
        }
        FarmConfig a = config.farm();
        Duration zonePeriod = Duration.ofNanos(Math.round(1e9 / a.windowsPerSecond()));
        Instant start = a.start().orElse(now);
        Weather weather = null;
        for (int i = 0; i < a.zones(); i++) {
            if (i % a.zonesPerField() == 0) {
                weather = new Weather(a.weather(), config.seed() * 7_919L + i / a.zonesPerField());
            }
            SoilType soil = a.soils().get(i % a.soils().size());
            double initial = soil.fieldCapacity() * 100 * (0.8 + 0.2 * random.nextDouble());
            ZoneSpec spec = new ZoneSpec(soil, a.rootDepthMm(), a.areaM2(), a.valveFlowLitresPerMinute(),
                    Math.max(initial, soil.wiltingPoint() * 100), a.cropCoefficient(), ZoneSpec.defaultInterlockPct(soil),
                    start, a.weather());
            SoilZone zone = new SoilZone(spec, weather);
            SoilProbe probe = new SoilProbe(zone, a.probe(), config.seed() * 31L + i);
            out.add(withClock(new SoilDevice(id(a.idPrefix(), i), zone, probe, a.framesPerWindow(), a.framesPerStep(), a.sampleInterval(),
                    a.band(), a.fixedSchedule()), zonePeriod, r, random));
        }
        for (ReplayConfig rc : config.replay()) {
            RecordingFormat format = rc.format().orElse(RecordingFormat.byExtension(rc.file()));
            // The channels setting is for raw float32; CSV and NumPy files say how many channels they hold.
            Recording rec = RecordingReader.read(rc.file(), format,
                    format == RecordingFormat.F32 ? rc.channels() : RecordingReader.FROM_FILE, rc.sampleRateHz(), null);
            ReplayDevice d = new ReplayDevice(DeviceId.of(rc.deviceId()), rc.kind(), rec, rc.sampleRateHz(),
                    rc.framesPerWindow(), rc.loop());
            Duration period = Duration.ofNanos(Math.max(1_000_000, Math.round(d.realTimePeriod().toNanos() / rc.speed())));
            out.add(withClock(d, period, r, random));
        }
        return out;
    }

    private static DeviceId id(String prefix, int i) {
        return DeviceId.of(prefix + String.format(Locale.ROOT, "%04d", i));
    }

    private static FleetDevice withClock(dev.cascade.sim.device.SimDevice d, Duration period, RunnerConfig r,
                                         SplittableRandom random) {
        long offset = Math.round(r.clockOffsetStdDev().toNanos() * random.nextGaussian());
        double drift = r.clockDriftPpmStdDev() * random.nextGaussian();
        return new FleetDevice(d, period, Duration.ofNanos(offset), drift);
    }

    public Fleet fleet() {
        return fleet;
    }

    public SimConfig config() {
        return config;
    }

    public FleetStats stats() {
        return fleet.stats();
    }

    /** One line for people: rates over the last interval and totals, e.g. for a status line every second. */
    public static String statusLine(FleetStats previous, FleetStats now) {
        double dt = (now.elapsed().toNanos() - previous.elapsed().toNanos()) / 1e9;
        double rate = dt > 0 ? (now.windowsPublished() - previous.windowsPublished()) / dt : 0;
        double mbps = dt > 0 ? (now.bytesPublished() - previous.bytesPublished()) / dt / 1e6 : 0;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%6.0fs  %d devices  windows %.0f/s (%.1f MB/s) total %d, failed %d, dropped %d, slips %d  "
                        + "commands %d (rejected %d)  acks %d",
                now.elapsed().toNanos() / 1e9, now.devices(), rate, mbps, now.windowsPublished(), now.windowsFailed(),
                now.windowsDropped(), now.scheduleSlips(), now.commandsReceived(), now.commandsRejectedTotal(), now.acksTotal()));
        if (!now.acks().isEmpty()) {
            s.append(" [");
            boolean first = true;
            for (AckStatus st : AckStatus.values()) {
                Long n = now.acks().get(st);
                if (n != null) {
                    s.append(first ? "" : " ").append(st.displayName()).append(' ').append(n);
                    first = false;
                }
            }
            s.append(']');
        }
        if (now.machines() > 0) {
            s.append(String.format(Locale.ROOT, "  machines %d/%d running", now.machinesRunning(), now.machines()));
        }
        if (now.soilZones() > 0) {
            s.append(String.format(Locale.ROOT, "  water %.0f L  in band %.0f%% now, %.1f%% of time",
                    now.waterUsedLitres(), 100 * now.moistureInBandNow(), 100 * now.moistureInBandTime()));
        }
        return s.toString();
    }

    @Override
    public void close() {
        fleet.close();
    }
}
