package dev.cascade.model.factory.build;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.factory.anomaly.AnomalyRecipeConfig;
import dev.cascade.model.factory.anomaly.VibrationAnomalyRecipe;
import dev.cascade.model.factory.eval.Agreement;
import dev.cascade.model.factory.eval.AnomalyEvaluation;
import dev.cascade.model.factory.eval.ModelEvaluator;
import dev.cascade.model.factory.model.ModelCard;
import dev.cascade.model.factory.model.ModelPair;
import dev.cascade.model.factory.model.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains the vibration anomaly pair, evaluates both through their real runtimes on labelled windows (when
 * given), records the figures in the manifests, and writes {@code <out>/<name>/<version>/} bundles.
 */
public final class VibrationModels {
    private VibrationModels() {}

    /**
     * Builds and writes the bundles; returns them (edge, cloud, and the cloud with the FFT in the graph if asked).
     *
     * @param eval labelled windows to measure AUC and agreement on, or null
     */
    public static List<ModelBundle> build(float[][] normal, String source, float[][] evalWindows, boolean[] evalLabels,
            AnomalyRecipeConfig cfg, Path out, String version, boolean fftGraph, PrintStream log) throws IOException {
        ModelPair pair = VibrationAnomalyRecipe.train(normal, cfg, source, p -> log.println(p));
        List<ModelBundle> written = new ArrayList<>();
        Map<String, Double> edgeExtra = new TreeMap<>();
        if (evalWindows != null) {
            float[] fp = pair.edge().floatTwin().scores(evalWindows);
            float[] int8 = pair.edge().scores(evalWindows);
            Agreement a = Agreement.of(int8, pair.edge().threshold(), fp, pair.edge().threshold(), evalLabels);
            log.println("int8 edge vs its float twin: " + a.toText());
            edgeExtra.put("aucFloatTwin", a.aucFloat());
            edgeExtra.put("aucDeltaVsFloatTwin", a.aucDelta());
            edgeExtra.put("decisionAgreementVsFloatTwin", a.decisionAgreement());
        }
        // The edge model's band and training range, measured on held-out windows against the cloud model.
        // Everyday traffic is the normal windows: the band may escalate at most 3 % of them.
        float[][] heldOut = evalWindows != null ? evalWindows : normal;
        boolean[] everyday = null;
        if (evalLabels != null) {
            everyday = new boolean[evalLabels.length];
            for (int i = 0; i < everyday.length; i++) {
                everyday[i] = !evalLabels[i];
            }
        }
        dev.cascade.model.bundle.Calibration cal = dev.cascade.model.factory.eval.BandCalibrator.calibrate(pair.edge(),
                pair.cloud(), heldOut, everyday, normal);
        log.println("edge band: " + describe(cal, pair.edge().threshold()));
        written.add(write(pair.edge(), edgeExtra, evalWindows, evalLabels, out, version, log, cal));
        written.add(write(pair.cloud(), Map.of(), evalWindows, evalLabels, out, version, log, null));
        if (fftGraph) {
            Path stage = Files.createTempDirectory("cascade-fft-");
            try {
                ModelBundle staged = pair.cloud().exportWithSpectralFrontEnd(stage, version);
                ModelManifest m = staged.manifest();
                if (evalWindows != null) {
                    AnomalyEvaluation e = ModelEvaluator.anomaly(staged, evalWindows, evalLabels);
                    log.print(e.toText());
                    m = m.withMetrics(e.metrics());
                }
                ModelBundle fft = ModelBundle.write(out.resolve(m.name()).resolve(version), m, staged.modelBytes());
                log.println("wrote " + fft.dir() + " (" + fft.modelSize() + " bytes, FFT inside the ONNX graph)");
                written.add(fft);
            } finally {
                Trees.deleteTree(stage);
            }
        }
        return written;
    }

    static ModelBundle write(TrainedModel model, Map<String, Double> extra, float[][] evalWindows,
            boolean[] evalLabels, Path out, String version, PrintStream log,
            dev.cascade.model.bundle.Calibration calibration) throws IOException {
        byte[] bytes = model.modelBytes();
        ModelManifest manifest = model.manifest(version, bytes).withMetrics(extra).withCalibration(calibration);
        dev.cascade.model.selftest.SelfTest selfTest = null;
        if (evalWindows != null) {
            Path stage = Files.createTempDirectory("cascade-eval-");
            try {
                ModelBundle staged = ModelBundle.write(stage.resolve("b"), manifest, bytes);
                AnomalyEvaluation e = ModelEvaluator.anomaly(staged, evalWindows, evalLabels);
                log.print(e.toText());
                manifest = manifest.withMetrics(e.metrics());
                if (manifest.format() == dev.cascade.model.bundle.ModelFormat.TFLITE) {
                    // Edge models ship reference windows and their scores: an agent runs them before an update goes live.
                    selfTest = SelfTests.make(staged, evalWindows, evalLabels);
                }
            } finally {
                Trees.deleteTree(stage);
            }
        }
        ModelBundle b = ModelBundle.write(out.resolve(model.name()).resolve(version), manifest, bytes, selfTest);
        log.print(ModelCard.render(b.manifest()));
        log.println("wrote " + b.dir());
        return b;
    }

    /** One line for people: the band in score units and as the share of held-out windows escalated. */
    static String describe(dev.cascade.model.bundle.Calibration c, double threshold) {
        return String.format(java.util.Locale.ROOT, "[%.4g, %.4g] around threshold %.4g (%s; %.1f %% of everyday"
                + " held-out windows inside, of %d held out%s)", threshold - c.bandBelow(), threshold + c.bandAbove(), threshold, c.method(),
                100 * c.escalationRate(), c.heldOutWindows(), Double.isNaN(c.disagreementCovered()) ? ""
                        : String.format(java.util.Locale.ROOT, ", %.0f %% of edge-cloud disagreements", 100 * c.disagreementCovered()));
    }
}
