package dev.cascade.cli.model;

import dev.cascade.model.bundle.SigningKey;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model sign}: write manifest.sig for bundles. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign bundles (checks each first) with an Ed25519 key: writes manifest.sig.")
final class ModelSignCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Bundle folders.")
    List<Path> bundles;

    @Option(names = "--key", required = true, description = "The private key (signing.key from keygen).")
    Path key;

    @Override
    public Integer call() throws Exception {
        SigningKey k = SigningKey.readPrivatePem(key);
        for (Path b : bundles) {
            k.signBundle(b);
            System.out.println("signed " + b + " with key " + k.keyId());
        }
        return 0;
    }
}
