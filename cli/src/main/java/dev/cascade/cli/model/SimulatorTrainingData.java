package dev.cascade.cli.model;

import dev.cascade.model.factory.build.SoilData;
import dev.cascade.model.factory.build.VibrationData;
import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;
import dev.cascade.sim.dataset.SimulatedFactoryData;
import dev.cascade.sim.dataset.SimulatedFarmData;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.farm.SoilType;
import java.time.Duration;

/** The simulators' data sets as the model factory's training data (the wiring between the two modules). */
final class SimulatorTrainingData {
    private SimulatorTrainingData() {}

    /** The factory simulator's machines, at its default spec. */
    static VibrationData vibration() {
        MachineSpec spec = SimulatedFactoryData.spec();
        return new VibrationData() {
            @Override
            public double sampleRateHz() {
                return spec.sampleRateHz();
            }

            @Override
            public int windowSize() {
                return spec.windowSize();
            }

            @Override
            public String source() {
                return "factory simulator";
            }

            @Override
            public float[][] normal(int machines, int perMachine, long seed) {
                return SimulatedFactoryData.normal(machines, perMachine, seed);
            }

            @Override
            public Labelled labelled(int normalMachines, int normalPerMachine, int perFault, double[] severities,
                    long seed) {
                SimulatedFactoryData.Labelled l = SimulatedFactoryData.labelled(normalMachines, normalPerMachine, perFault,
                        severities, seed);
                return new Labelled(l.windows(), l.anomalous());
            }
        };
    }

    /** The farm simulator's zones of one soil. */
    static SoilData soil(SoilType soil) {
        return new SoilData() {
            @Override
            public String soil() {
                return soil.name();
            }

            @Override
            public double irrigateBelowPercent() {
                return SimulatedFarmData.irrigateBelowPercent(soil);
            }

            @Override
            public SoilExamples examples(int zones, int days, long seed, IrrigationRecipeConfig cfg) {
                return SimulatorTrainingData.examples(soil, zones, days, seed, cfg);
            }
        };
    }

    /** Simulated soil examples cut as {@code cfg} says. */
    static SoilExamples examples(SoilType soil, int zones, int days, long seed, IrrigationRecipeConfig cfg) {
        SimulatedFarmData.Shape shape = new SimulatedFarmData.Shape(Duration.ofMillis(Math.round(1000 / cfg.sampleRateHz())),
                cfg.historySteps(), cfg.channels(), cfg.horizonSteps(), cfg.stride());
        SimulatedFarmData.Examples e = SimulatedFarmData.examples(soil, zones, days, seed, shape);
        return new SoilExamples(e.histories(), e.targets());
    }
}
