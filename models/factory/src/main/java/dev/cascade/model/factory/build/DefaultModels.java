package dev.cascade.model.factory.build;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.factory.anomaly.AnomalyRecipeConfig;
import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the default models committed under {@code models/default/}: the vibration pair (and its FFT-in-graph
 * cloud variant) from vibration data, the irrigation pair from soil data (the simulators' factory and loam farm,
 * which the caller wires in: the factory does not depend on the simulators), all version
 * {@value #VERSION}, with evaluation figures in their manifests. Deterministic: the same command gives the
 * same model files.
 */
public final class DefaultModels {
    /** The version the default models are written as. */
    public static final String VERSION = "1";
    /** Fault severities in the vibration evaluation set (the simulator's scale: 1 = fully developed). */
    public static final double[] EVAL_SEVERITIES = {0.1, 0.3, 1.0};

    private DefaultModels() {}

    /** Writes every default model under {@code out}; with {@code replace}, removes earlier ones of this version. */
    public static List<ModelBundle> build(Path out, boolean replace, VibrationData vibration, SoilData soil,
            PrintStream log) throws IOException {
        List<String> names = List.of("vibration-anomaly-edge", "vibration-anomaly-cloud", "vibration-anomaly-cloud-fft",
                "irrigation-edge", "irrigation-cloud");
        for (String n : names) {
            Path dir = out.resolve(n).resolve(VERSION);
            if (Files.exists(dir)) {
                if (!replace) {
                    throw new IOException(dir + ": already exists (use --replace to rebuild the defaults)");
                }
                Trees.deleteTree(dir);
            }
        }
        List<ModelBundle> all = new ArrayList<>();
        log.println("== vibration: " + vibration.source() + ", " + vibration.sampleRateHz() + " Hz, "
                + vibration.windowSize() + "-sample windows ==");
        float[][] normal = vibration.normal(40, 50, 1);
        VibrationData.Labelled eval = vibration.labelled(20, 25, 20, EVAL_SEVERITIES, 2);
        all.addAll(VibrationModels.build(normal, vibration.source() + ": 40 healthy machines x 50 windows, load 0.1-1.0,"
                + " seed 1", eval.windows(), eval.anomalous(), AnomalyRecipeConfig.defaults(vibration.sampleRateHz(),
                vibration.windowSize()), out, VERSION, true, log));

        IrrigationRecipeConfig d = IrrigationRecipeConfig.defaults();
        IrrigationRecipeConfig cfg = new IrrigationRecipeConfig(d.name(), d.sampleRateHz(), d.historySteps(),
                d.channels(), d.horizonSteps(), soil.irrigateBelowPercent(), d.stride(),
                d.edgeTraining(), d.cloudTraining(), d.holdoutFraction(), d.perChannel());
        log.println("== irrigation: farm simulator, " + soil.soil() + ", 15-minute frames ==");
        SoilExamples train = soil.examples(8, 60, 1, cfg);
        SoilExamples test = soil.examples(4, 60, 2, cfg);
        all.addAll(IrrigationModels.build(train, "farm simulator: 8 " + soil.soil().toLowerCase(java.util.Locale.ROOT)
                + " zones x 60 days, random watering, seed 1", test, cfg, out, VERSION, log));
        return all;
    }
}
