package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.factory.model.ModelCard;
import dev.cascade.model.factory.registry.ImportOptions;
import dev.cascade.model.factory.registry.ModelImporter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model import}: a .tflite/.onnx made elsewhere into a bundle. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Make a bundle from a .tflite or .onnx made elsewhere: opens it in its runtime, reads its"
                + " tensors and quantisation, and writes a manifest (from --manifest, or from the options).")
final class ModelImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The model file.")
    Path model;

    @Option(names = "--manifest", description = "A hand-written manifest (sha256, file, inputs, outputs may be left out).")
    Path manifest;

    @Option(names = "--name", description = "Model name.")
    String name;

    @Option(names = "--version", defaultValue = "1", description = "Model version. Default: ${DEFAULT-VALUE}.")
    String version;

    @Option(names = "--task", defaultValue = "anomaly", description = "anomaly or forecast. Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--sample-rate", defaultValue = "1", description = "Frames per second of its input windows.")
    double sampleRateHz;

    @Option(names = "--threshold", description = "Decision threshold on the score.")
    Double threshold;

    @Option(names = "--out", required = true, description = "Registry folder: the bundle goes to <out>/<name>/<version>/.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelBundle b;
        if (manifest != null) {
            b = ModelImporter.importModel(model, manifest, out);
        } else {
            if (name == null || threshold == null) {
                throw new IllegalArgumentException("give --manifest FILE, or --name and --threshold");
            }
            b = ModelImporter.importModel(model, new ImportOptions(name, version,
                    ModelTask.fromWireName(task.toLowerCase(Locale.ROOT)), sampleRateHz, threshold,
                    "imported from " + model.getFileName()), out);
        }
        System.out.print(ModelCard.render(b.manifest()));
        System.out.println("wrote " + b.dir());
        return 0;
    }
}
