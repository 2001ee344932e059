package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.factory.inspect.ModelInspector;
import dev.cascade.model.factory.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cascade model inspect}: tensors, operators and quantisation of any .tflite/.onnx. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a model file's tensors, operators and quantisation (any .tflite or .onnx, or a bundle).")
final class ModelInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "A .tflite or .onnx file, or a bundle folder.")
    Path path;

    @Override
    public Integer call() throws Exception {
        byte[] bytes;
        if (Files.isDirectory(path)) {
            ModelBundle b = ModelBundle.load(path);
            System.out.print(ModelCard.render(b.manifest()));
            bytes = b.modelBytes();
        } else {
            if (!Files.exists(path)) {
                throw new java.nio.file.NoSuchFileException(path + ": file is missing");
            }
            bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw new IllegalArgumentException(path + ": file is empty");
            }
        }
        try {
            System.out.print(ModelInspector.inspect(bytes).toText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
