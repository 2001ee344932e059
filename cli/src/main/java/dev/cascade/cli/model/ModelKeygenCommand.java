package dev.cascade.cli.model;

import dev.cascade.model.bundle.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade model keygen}: a new Ed25519 signing key. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make an Ed25519 key pair: <out>/signing.key (keep secret) and <out>/signing.pem (give to edge"
                + " and cloud as a trusted key).")
final class ModelKeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder for the key files.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path priv = out.resolve("signing.key");
        if (Files.exists(priv)) {
            throw new java.nio.file.FileAlreadyExistsException(priv + ": already exists; not overwriting a key");
        }
        SigningKey key = SigningKey.generate();
        key.writePrivatePem(priv);
        key.writePublicPem(out.resolve("signing.pem"));
        System.out.println("key " + key.keyId() + ": wrote " + priv + " and " + out.resolve("signing.pem"));
        return 0;
    }
}
