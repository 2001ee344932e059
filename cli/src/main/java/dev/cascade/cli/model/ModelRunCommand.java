package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.factory.eval.ModelEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cascade model run}: score every window of a data file. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a bundle over data files; prints one CSV line per window: window,score,decision.")
final class ModelRunCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The bundle folder.")
    Path bundle;

    @Parameters(index = "1..*", arity = "1..*", description = "Data files (.csv, .npy, .npz, raw float32).")
    List<Path> files;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        var f = b.manifest().features();
        data.channels = f.channels();
        if (data.sampleRateHz == null) {
            data.sampleRateHz = f.sampleRateHz();
        }
        float[][] windows = data.windows(files, f.windowSize());
        float[] scores = ModelEvaluator.scores(b, windows);
        Scorer scorer = Scorer.of(b.manifest());
        System.out.println("window,score,positive");
        for (int i = 0; i < scores.length; i++) {
            System.out.println(String.format(Locale.ROOT, "%d,%.6g,%b", i, scores[i], scorer.isPositive(scores[i])));
        }
        return 0;
    }
}
