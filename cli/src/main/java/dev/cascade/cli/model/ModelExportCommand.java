package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.factory.export.TfliteExporter;
import dev.cascade.model.factory.model.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model export}: other forms of a float model (FFT inside the ONNX graph, float .tflite). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write another form of a float .onnx bundle made by this tool.")
final class ModelExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The float bundle folder.")
    Path bundle;

    static final class Form {
        @Option(names = "--fft-graph", description = "ONNX bundle taking raw windows, with the FFT (DFT, opset 17),"
                + " features and score inside the graph.")
        boolean fftGraph;

        @Option(names = "--float-tflite", description = "The float network as a .tflite file (no manifest).")
        Path floatTflite;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Form form;

    @Option(names = "--out", description = "Registry folder for --fft-graph.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ModelBundle b = ModelBundle.load(bundle);
        TrainedModel m = TrainedModel.fromBundle(b);
        if (form.fftGraph) {
            if (out == null) {
                throw new IllegalArgumentException("--out is required with --fft-graph");
            }
            ModelBundle w = m.exportWithSpectralFrontEnd(out, b.manifest().version());
            System.out.println("wrote " + w.dir() + " (" + w.modelSize() + " bytes)");
        } else {
            byte[] bytes = TfliteExporter.write(m.floatModel());
            Files.write(form.floatTflite, bytes);
            System.out.println("wrote " + form.floatTflite + " (" + bytes.length + " bytes)");
        }
        return 0;
    }
}
