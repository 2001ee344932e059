package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.factory.build.DefaultModels;
import dev.cascade.model.factory.build.IrrigationModels;
import dev.cascade.recording.Recording;
import dev.cascade.model.factory.eval.Agreement;
import dev.cascade.model.factory.eval.AnomalyEvaluation;
import dev.cascade.model.factory.eval.ModelEvaluator;
import dev.cascade.model.factory.irrigation.ForecastReport;
import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;
import dev.cascade.sim.dataset.SimulatedFactoryData;
import dev.cascade.sim.farm.SoilType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model eval}: ROC AUC, decisions at the threshold, int8 vs float, size, invoke time. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a bundle through its runtime: anomaly models on healthy and faulty windows (ROC AUC,"
                + " precision/recall at the threshold, confusion matrix, size, invoke time; with --twin, int8 vs"
                + " float agreement); forecast models on soil histories (MAE against persistence).")
final class ModelEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The bundle folder.")
    Path bundle;

    @Option(names = "--sim", description = "Evaluate on simulator data (factory faults, or a farm of --soil).")
    boolean sim;

    @Option(names = "--seed", defaultValue = "2", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--soil", defaultValue = "loam", description = "Simulated soil for forecast models.")
    String soil;

    @Option(names = "--normal", arity = "1..*", description = "Healthy recordings.")
    List<Path> normal;

    @Option(names = "--anomalous", arity = "1..*", description = "Faulty recordings.")
    List<Path> anomalous;

    @Option(names = "--data", arity = "1..*", description = "Soil recordings (forecast models).")
    List<Path> soilData;

    @Option(names = "--twin", description = "Another bundle of the same model (e.g. the float cloud model) to compare"
            + " with: AUC difference and decision agreement.")
    Path twin;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        if (b.manifest().task() == ModelTask.FORECAST) {
            return forecast(b);
        }
        float[][] windows;
        boolean[] labels;
        int size = b.manifest().features().windowSize();
        if (sim) {
            SimulatedFactoryData.Labelled l = SimulatedFactoryData.labelled(20, 25, 20, DefaultModels.EVAL_SEVERITIES,
                    seed);
            windows = l.windows();
            labels = l.anomalous();
        } else if (normal != null && anomalous != null) {
            data.channels = b.manifest().features().channels();
            if (data.sampleRateHz == null) {
                data.sampleRateHz = b.manifest().features().sampleRateHz();
            }
            float[][] n = data.windows(normal, size);
            float[][] a = data.windows(anomalous, size);
            windows = ModelTrainCommand.concat(n, a);
            labels = new boolean[windows.length];
            for (int i = n.length; i < labels.length; i++) {
                labels[i] = true;
            }
        } else {
            throw new IllegalArgumentException("give --normal FILE... and --anomalous FILE..., or --sim");
        }
        AnomalyEvaluation e = ModelEvaluator.anomaly(b, windows, labels);
        System.out.print(e.toText());
        if (twin != null) {
            ModelBundle t = ModelBundle.load(twin);
            float[] s1 = ModelEvaluator.scores(b, windows);
            float[] s2 = ModelEvaluator.scores(t, windows);
            System.out.println("vs " + t.manifest().ref() + ": "
                    + Agreement.of(s1, b.manifest().threshold(), s2, t.manifest().threshold(), labels).toText());
        }
        return 0;
    }

    private int forecast(ModelBundle b) throws Exception {
        IrrigationRecipeConfig d = IrrigationRecipeConfig.defaults();
        var f = b.manifest().features();
        int horizon = (int) Math.round(Double.parseDouble(b.manifest().training().details()
                .getOrDefault("horizonSteps", String.valueOf(d.horizonSteps()))));
        IrrigationRecipeConfig cfg = new IrrigationRecipeConfig(d.name(), f.sampleRateHz(), f.windowSize(), f.channels(),
                horizon, b.manifest().threshold(), d.stride(), d.edgeTraining(), d.cloudTraining(), d.holdoutFraction(),
                false);
        SoilExamples ex;
        if (sim) {
            ex = SimulatorTrainingData.examples(SoilType.valueOf(soil.toUpperCase(Locale.ROOT)), 4, 60, seed, cfg);
        } else if (soilData != null) {
            data.channels = f.channels();
            if (data.sampleRateHz == null) {
                data.sampleRateHz = f.sampleRateHz();
            }
            List<SoilExamples> parts = new ArrayList<>();
            for (Recording r : data.read(soilData)) {
                parts.add(SoilExamples.cut(r.values(), r.channels(), cfg));
            }
            ex = SoilExamples.concat(parts.toArray(new SoilExamples[0]));
        } else {
            throw new IllegalArgumentException("give --data FILE... or --sim for a forecast model");
        }
        ForecastReport r = ModelEvaluator.forecast(b, ex);
        System.out.println(IrrigationModels.text(b.manifest().ref(), r));
        System.out.println("irrigate-or-not at " + b.manifest().threshold() + " %:");
        System.out.println(r.decisions());
        System.out.println("size: " + b.modelSize() + " bytes");
        return 0;
    }
}
