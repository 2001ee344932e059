package dev.cascade.sim.dataset;

import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Vibration windows from the factory simulator for training and evaluating anomaly models: healthy machines
 * at varied load and speed (the fleet's +-5% spread of shaft rates), and machines with each fault type at
 * given severities. Deterministic per seed. (Stopped machines are not here: the edge recognises an idle
 * machine by its vibration level before scoring, see {@code EscalationPolicy.idleRmsG}.)
 */
public final class SimulatedFactoryData {
    /** Labelled windows: {@code fault[i]} is null for a healthy window. */
    public record Labelled(float[][] windows, boolean[] anomalous, FaultType[] fault) {}

    private SimulatedFactoryData() {}

    /** The machine spec the default models are made for (the simulator's defaults). */
    public static MachineSpec spec() {
        return MachineSpec.defaults();
    }

    /** The simulator fleet's default spread of shaft rates between machines ({@code factory.shaftSpread}). */
    static final double SHAFT_SPREAD = 0.05;

    private static Machine machine(SplittableRandom r, long seed) {
        MachineSpec spec = spec().toBuilder()
                .shaftHz(spec().shaftHz() * (1 + SHAFT_SPREAD * (2 * r.nextDouble() - 1)))
                .load(0.1 + 0.9 * r.nextDouble())
                .loadWanderPerMinute(0.05)
                .build();
        Machine m = new Machine(spec, seed);
        m.advance(Duration.ofSeconds(5 + r.nextInt(60)));
        return m;
    }

    /** {@code machines * perMachine} windows of healthy machines. */
    public static float[][] normal(int machines, int perMachine, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[machines * perMachine][];
        int k = 0;
        for (int m = 0; m < machines; m++) {
            Machine machine = machine(r, seed * 1_000_003L + m);
            for (int w = 0; w < perMachine; w++) {
                machine.advance(Duration.ofMillis(500 + r.nextInt(30_000)));
                out[k++] = machine.nextWindow();
            }
        }
        return out;
    }

    /**
     * Healthy windows plus, for every fault type and severity, {@code perFault} windows of machines with that
     * fault.
     */
    public static Labelled labelled(int normalMachines, int normalPerMachine, int perFault, double[] severities,
            long seed) {
        float[][] normal = normal(normalMachines, normalPerMachine, seed);
        List<float[]> windows = new ArrayList<>(List.of(normal));
        List<FaultType> faults = new ArrayList<>();
        for (int i = 0; i < normal.length; i++) {
            faults.add(null);
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int machineNo = 0;
        for (FaultType type : FaultType.values()) {
            for (double severity : severities) {
                for (int w = 0; w < perFault; w++) {
                    Machine machine = machine(r, seed * 7_000_003L + (machineNo++));
                    machine.inject(new Fault(type, severity, 0));
                    machine.advance(Duration.ofMillis(500 + r.nextInt(5_000)));
                    windows.add(machine.nextWindow());
                    faults.add(type);
                }
            }
        }
        boolean[] anomalous = new boolean[windows.size()];
        for (int i = 0; i < anomalous.length; i++) {
            anomalous[i] = faults.get(i) != null;
        }
        return new Labelled(windows.toArray(new float[0][]), anomalous, faults.toArray(new FaultType[0]));
    }
}
