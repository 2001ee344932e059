package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.factory.model.ModelCard;
import dev.cascade.model.factory.model.TrainedModel;
import dev.cascade.sim.dataset.SimulatedFactoryData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model quantize}: a float .onnx bundle to an int8 .tflite bundle, calibrated on data. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantise a float model (an .onnx bundle made by this tool) to an int8 .tflite edge bundle,"
                + " with activation ranges from calibration windows.")
final class ModelQuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The float bundle folder.")
    Path bundle;

    @Option(names = "--calibration", arity = "1..*", description = "Calibration recordings (for an anomaly model:"
            + " healthy; they also set the threshold).")
    List<Path> calibration;

    @Option(names = "--sim", description = "Calibrate on the factory simulator's healthy windows.")
    boolean sim;

    @Mixin
    DataOptions data;

    @Option(names = "--name", description = "Name of the int8 model (default: <name>-int8).")
    String name;

    @Option(names = "--version", description = "Version (default: the float model's).")
    String version;

    @Option(names = "--per-channel", description = "Per-channel int8 weights.")
    boolean perChannel;

    @Option(names = "--false-alarm-rate", defaultValue = "0.01", description = "Share of calibration windows allowed"
            + " above an anomaly threshold. Default: ${DEFAULT-VALUE}.")
    double falseAlarmRate;

    @Option(names = "--out", required = true, description = "Registry folder for the new bundle.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        TrainedModel floatModel = TrainedModel.fromBundle(b);
        int size = b.manifest().features().windowSize();
        float[][] windows;
        if (sim) {
            windows = SimulatedFactoryData.normal(20, 25, 7);
        } else if (calibration != null) {
            if (data.sampleRateHz == null) {
                data.sampleRateHz = b.manifest().features().sampleRateHz();
            }
            data.channels = b.manifest().features().channels();
            windows = data.windows(calibration, size);
        } else {
            throw new IllegalArgumentException("give --calibration FILE... or --sim");
        }
        String n = name != null ? name : b.manifest().name() + "-int8";
        TrainedModel edge = floatModel.quantize(windows, perChannel, n, b.manifest().task() == ModelTask.ANOMALY
                ? falseAlarmRate : 0.01);
        ModelBundle written = edge.export(out, version != null ? version : b.manifest().version());
        System.out.print(ModelCard.render(written.manifest()));
        System.out.println("wrote " + written.dir());
        return 0;
    }
}
