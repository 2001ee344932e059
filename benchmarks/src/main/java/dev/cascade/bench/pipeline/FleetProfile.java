package dev.cascade.bench.pipeline;

import dev.cascade.sim.config.ConfigException;
import dev.cascade.sim.config.SimConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated fleet of one benchmark phase: machines (and soil zones when there are soil models) at a
 * rate per device, with strong faults started in single machines at a steady rate so that commands keep
 * flowing through the whole phase.
 *
 * @param namespace topic namespace of the phase
 * @param mqttUri the broker; empty: no broker (windows go only to the fleet's observer)
 * @param machines vibration devices
 * @param zones soil devices
 * @param soilFrames readings per soil window (the soil models' window size)
 * @param ratePerDevice windows per second each device sends
 * @param faultsPerMinute machines given a strong fault per minute
 * @param length how long the phase sends (faults are spread over it)
 * @param seed seeds devices, schedules and fault picks
 * @param workers simulator threads
 * @param connections simulator MQTT connections
 */
record FleetProfile(String namespace, Optional<String> mqttUri, int machines, int zones, int soilFrames,
                    double ratePerDevice, double faultsPerMinute, Duration length, long seed, int workers,
                    int connections) {
    static final String MACHINE_PREFIX = "machine-";
    private static final String[] FAULTS = {"BEARING_OUTER", "BEARING_INNER", "IMBALANCE", "LOOSENESS"};

    int devices() {
        return machines + zones;
    }

    /** The simulator configuration. */
    SimConfig config() {
        StringBuilder y = new StringBuilder();
        y.append("namespace: ").append(namespace).append('\n');
        y.append("seed: ").append(seed).append('\n');
        y.append("mqtt:\n");
        y.append("  enabled: ").append(mqttUri.isPresent()).append('\n');
        mqttUri.ifPresent(u -> y.append("  serverUri: ").append(u).append('\n'));
        y.append("  clientId: cascade-sim-").append(namespace).append('\n');
        y.append("  connections: ").append(connections).append('\n');
        y.append("  qos: 1\n");
        y.append("runner:\n  workers: ").append(workers).append("\n  jitter: 0.1\n");
        y.append("factory:\n  machines: ").append(machines).append("\n  idPrefix: ").append(MACHINE_PREFIX)
                .append("\n  windowsPerSecond: ").append(num(ratePerDevice)).append('\n');
        y.append("farm:\n  zones: ").append(zones).append("\n  idPrefix: zone-\n");
        if (zones > 0) {
            y.append("  windowsPerSecond: ").append(num(ratePerDevice)).append("\n  framesPerWindow: ").append(soilFrames)
                    .append("\n  sampleInterval: 1m\n  soils: [LOAM, SAND, CLAY]\n");
        }
        List<String> events = faultEvents();
        if (!events.isEmpty()) {
            y.append("events:\n");
            events.forEach(y::append);
        }
        try {
            return SimConfig.parse(y.toString(), Path.of("."));
        } catch (ConfigException e) {
            throw new IllegalStateException("benchmark fleet configuration is invalid: " + e.getMessage() + "\n" + y, e);
        }
    }

    /** How many faults the phase starts. */
    int faults() {
        return Math.min(eligibleMachines().size(), (int) Math.round(faultsPerMinute / 60 * length.toNanos() / 1e9));
    }

    /**
     * One event per fault, each picking exactly one machine by its full id (ids are {@code machine-%04d}; an index
     * whose id is also the start of a longer id, such as 1234 of 12345, is never picked).
     */
    private List<String> faultEvents() {
        int n = faults();
        if (n == 0) {
            return List.of();
        }
        List<Integer> eligible = eligibleMachines();
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        for (int i = eligible.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = eligible.get(i);
            eligible.set(i, eligible.get(j));
            eligible.set(j, t);
        }
        double every = 60_000.0 / faultsPerMinute;
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long atMs = Math.round((k + 0.5) * every);
            out.add(String.format(Locale.ROOT, "  - at: %dms%n    devices: {prefix: %s%04d, share: 1.0}%n"
                            + "    fault: {type: %s, severity: 1.0, growthPerHour: 0}%n",
                    atMs, MACHINE_PREFIX, eligible.get(k), FAULTS[k % FAULTS.length]));
        }
        return out;
    }

    private List<Integer> eligibleMachines() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < machines; i++) {
            if (i < 1000 || (long) i * 10 >= machines) {
                out.add(i);
            }
        }
        return out;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
