package dev.cascade.sim.config;

import dev.cascade.sim.factory.BearingGeometry;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.config.ConfigNode;
import java.util.Optional;

/**
 * The simulated factory: identical machines with a spread of speeds.
 *
 * @param machines how many vibration devices
 * @param idPrefix device ids are {@code prefix0000}, {@code prefix0001}, ...
 * @param windowsPerSecond windows each machine sends per second
 * @param timeAcceleration machine time per wall time (faults grow this much faster)
 * @param shaftSpread machines' shaft rates are spread uniformly by +- this fraction
 * @param machine the machine model
 */
public record FactoryConfig(int machines, String idPrefix, double windowsPerSecond, double timeAcceleration,
                            double shaftSpread, MachineSpec machine) {

    static FactoryConfig read(ConfigNode n) {
        MachineSpec d = MachineSpec.defaults();
        int machines = (int) n.integer("machines", 10, 0, 100_000, "vibration devices");
        String prefix = n.text("idPrefix", "machine-", "[A-Za-z0-9._-]{1,50}", "device ids are <idPrefix>0000, <idPrefix>0001, ...");
        double rate = n.number("windowsPerSecond", 1, 1e-4, 1000, "windows each machine sends per second");
        double accel = n.number("timeAcceleration", 1, 1e-3, 1e6, "machine time per wall time (faults grow this much faster)");
        double spread = n.number("shaftSpread", 0.05, 0, 0.5, "machines' shaft rates spread uniformly by +- this fraction");
        double fs = n.number("sampleRateHz", d.sampleRateHz(), 256, 1_000_000, "accelerometer samples per second");
        int window = (int) n.integer("windowSize", d.windowSize(), 16, 65536, "samples per window");
        double shaft = n.number("shaftHz", d.shaftHz(), 0.1, 25_000, "design shaft rate at no load, Hz");
        double load = n.number("load", d.load(), 0, 1, "initial load, fraction of rated");
        double wander = n.number("loadWanderPerMinute", 0.02, 0, 1, "random walk of load per sqrt(minute)");
        double resonance = n.number("resonanceHz", d.resonanceHz(), 1, 500_000, "structural resonance bearing impacts ring");
        double sensorNoise = n.number("sensorNoiseG", d.sensorNoiseG(), 0, 10, "sensor noise floor, g RMS");
        double machineNoise = n.number("machineNoiseG", d.machineNoiseG(), 0, 10, "broadband machine noise at speed, g RMS");
        ConfigNode b = n.object("bearing", "the monitored bearing (default SKF 6205)");
        BearingGeometry g = d.bearing();
        int balls = (int) b.integer("balls", g.balls(), 3, 64, "rolling elements");
        double ball = b.number("ballDiameterMm", g.ballDiameterMm(), 0.1, 1000, "rolling-element diameter, mm");
        double pitch = b.number("pitchDiameterMm", g.pitchDiameterMm(), 0.2, 5000, "pitch diameter, mm");
        double angle = b.number("contactAngleDeg", g.contactAngleDeg(), 0, 45, "contact angle, degrees");
        b.finish();
        n.finish();
        Optional<BearingGeometry> bearing = b.build(() -> new BearingGeometry(balls, ball, pitch, angle));
        Optional<MachineSpec> spec = n.build(() -> d.toBuilder().sampleRateHz(fs).windowSize(window).shaftHz(shaft)
                .load(load).loadWanderPerMinute(wander).resonanceHz(resonance).sensorNoiseG(sensorNoise)
                .machineNoiseG(machineNoise).bearing(bearing.orElse(g)).build());
        return new FactoryConfig(machines, prefix, rate, accel, spread, spec.orElse(d));
    }
}
