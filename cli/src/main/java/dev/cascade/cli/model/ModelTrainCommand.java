package dev.cascade.cli.model;

import dev.cascade.model.factory.anomaly.AnomalyRecipeConfig;
import dev.cascade.model.factory.build.DefaultModels;
import dev.cascade.model.factory.build.IrrigationModels;
import dev.cascade.model.factory.build.VibrationModels;
import dev.cascade.recording.Recording;
import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;
import dev.cascade.sim.dataset.SimulatedFactoryData;
import dev.cascade.sim.dataset.SimulatedFarmData;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.farm.SoilType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cascade model train vibration|irrigation}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train an edge (int8 .tflite) and cloud"
        + " (float .onnx) model pair, evaluate it and write the bundles.",
        subcommands = {ModelTrainCommand.Vibration.class, ModelTrainCommand.Irrigation.class})
final class ModelTrainCommand {

    /** Where the output goes and which version it gets. */
    static final class Output {
        @Option(names = "--out", required = true, description = "Registry folder: bundles go to <out>/<name>/<version>/.")
        Path out;

        @Option(names = "--version", defaultValue = "1", description = "Model version. Default: ${DEFAULT-VALUE}.")
        String version;

        @Option(names = "--epochs", description = "Training epochs (default: the recipe's).")
        Integer epochs;

        @Option(names = "--per-channel", description = "Per-channel int8 weights for the edge model.")
        boolean perChannel;
    }

    @Command(name = "vibration", mixinStandardHelpOptions = true,
            description = "Anomaly models from healthy vibration windows (simulated, or your recordings).")
    static final class Vibration implements Callable<Integer> {
        static final class Source {
            @Option(names = "--sim", description = "Use the factory simulator (healthy machines; faults for evaluation).")
            boolean sim;

            @Option(names = "--data", arity = "1..*", description = "Recordings of a healthy machine (.csv, .npy, .npz,"
                    + " raw float32).")
            List<Path> data;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Mixin
        Output output;

        @Mixin
        DataOptions dataOptions;

        @Option(names = "--window", defaultValue = "1024", description = "Samples per window. Default: ${DEFAULT-VALUE}.")
        int window;

        @Option(names = "--seed", defaultValue = "1", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--eval-normal", arity = "1..*", description = "Healthy recordings to evaluate on.")
        List<Path> evalNormal;

        @Option(names = "--eval-anomalous", arity = "1..*", description = "Faulty recordings to evaluate on.")
        List<Path> evalAnomalous;

        @Option(names = "--fft-graph", description = "Also write the cloud model with the FFT inside the ONNX graph.")
        boolean fftGraph;

        @Override
        public Integer call() throws Exception {
            float[][] normal;
            float[][] evalWindows = null;
            boolean[] labels = null;
            String from;
            double rate;
            int size;
            if (source.sim) {
                MachineSpec spec = SimulatedFactoryData.spec();
                rate = spec.sampleRateHz();
                size = spec.windowSize();
                normal = SimulatedFactoryData.normal(40, 50, seed);
                SimulatedFactoryData.Labelled eval = SimulatedFactoryData.labelled(20, 25, 20,
                        DefaultModels.EVAL_SEVERITIES, seed + 1);
                evalWindows = eval.windows();
                labels = eval.anomalous();
                from = "factory simulator: 40 healthy machines x 50 windows, seed " + seed;
            } else {
                rate = requireRate(dataOptions);
                size = window;
                normal = dataOptions.windows(source.data, window);
                from = "recordings: " + source.data;
                if (evalNormal != null && evalAnomalous != null) {
                    float[][] n = dataOptions.windows(evalNormal, window);
                    float[][] a = dataOptions.windows(evalAnomalous, window);
                    evalWindows = concat(n, a);
                    labels = new boolean[evalWindows.length];
                    for (int i = n.length; i < labels.length; i++) {
                        labels[i] = true;
                    }
                }
            }
            AnomalyRecipeConfig cfg = AnomalyRecipeConfig.defaults(rate, size).withPerChannel(output.perChannel);
            if (output.epochs != null) {
                cfg = cfg.withEpochs(output.epochs);
            }
            VibrationModels.build(normal, from, evalWindows, labels, cfg, output.out, output.version, fftGraph,
                    System.out);
            return 0;
        }
    }

    @Command(name = "irrigation", mixinStandardHelpOptions = true,
            description = "Moisture forecast models from soil histories (simulated, or your recordings).")
    static final class Irrigation implements Callable<Integer> {
        static final class Source {
            @Option(names = "--sim", description = "Use the farm simulator.")
            boolean sim;

            @Option(names = "--data", arity = "1..*", description = "Soil recordings: columns moisture %%, soil"
                    + " temperature C, rain mm (the last two optional, see --channels).")
            List<Path> data;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Mixin
        Output output;

        @Mixin
        DataOptions dataOptions;

        @Option(names = "--soil", defaultValue = "loam", description = "Simulated soil: sand, loam, clay. Default:"
                + " ${DEFAULT-VALUE}.")
        String soil;

        @Option(names = "--irrigate-below", description = "Irrigate when the forecast moisture is below this %%"
                + " (default: half way from wilting point to field capacity of --soil).")
        Double irrigateBelow;

        @Option(names = "--seed", defaultValue = "1", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() throws Exception {
            SoilType type = SoilType.valueOf(soil.toUpperCase(Locale.ROOT));
            IrrigationRecipeConfig d = IrrigationRecipeConfig.defaults();
            double rate = source.sim ? d.sampleRateHz() : requireRate(dataOptions);
            int channels = source.sim ? 3 : dataOptions.channels;
            double level = irrigateBelow != null ? irrigateBelow : SimulatedFarmData.irrigateBelowPercent(type);
            IrrigationRecipeConfig cfg = new IrrigationRecipeConfig(d.name(), rate, d.historySteps(), channels,
                    d.horizonSteps(), level, d.stride(), d.edgeTraining(), d.cloudTraining(), d.holdoutFraction(),
                    output.perChannel);
            if (output.epochs != null) {
                cfg = cfg.withEpochs(output.epochs);
            }
            SoilExamples train;
            SoilExamples eval = null;
            String from;
            if (source.sim) {
                train = SimulatorTrainingData.examples(type, 8, 60, seed, cfg);
                eval = SimulatorTrainingData.examples(type, 4, 60, seed + 1, cfg);
                from = "farm simulator: 8 " + soil + " zones x 60 days, seed " + seed;
            } else {
                List<SoilExamples> parts = new ArrayList<>();
                for (Recording r : dataOptions.read(source.data)) {
                    parts.add(SoilExamples.cut(r.values(), r.channels(), cfg));
                }
                train = SoilExamples.concat(parts.toArray(new SoilExamples[0]));
                from = "recordings: " + source.data;
            }
            IrrigationModels.build(train, from, eval, cfg, output.out, output.version, System.out);
            return 0;
        }
    }

    static double requireRate(DataOptions d) {
        if (d.sampleRateHz == null) {
            throw new IllegalArgumentException("--sample-rate is required with --data");
        }
        return d.sampleRateHz;
    }

    static float[][] concat(float[][] a, float[][] b) {
        float[][] out = new float[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
