package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.factory.registry.Runners;
import dev.cascade.model.runtime.ModelRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model verify}: signature, checksum, and that the runtime can run it as the manifest says. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check bundles: signature by a trusted key, SHA-256 of the model file, and that its runtime"
                + " loads it with the tensors the manifest declares.")
final class ModelVerifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Bundle folders.")
    List<Path> bundles;

    @Option(names = "--trust", description = "Trusted public key(s): a .pem file or a folder of them. Without it,"
            + " signatures are not checked.")
    Path trust;

    @Override
    public Integer call() throws Exception {
        TrustedKeys keys = trust == null ? null : TrustedKeys.read(trust);
        for (Path p : bundles) {
            ModelBundle b = ModelBundle.load(p, keys);
            try (ModelRunner r = Runners.open(b)) {
                System.out.println("ok " + b.manifest().ref() + " (" + p + "): " + r.backend() + ", "
                        + (keys == null ? "signature not checked" : "signed by " + b.verifiedSigner().orElse("?")));
            }
        }
        return 0;
    }
}
