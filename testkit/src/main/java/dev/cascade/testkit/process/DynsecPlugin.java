package dev.cascade.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where mosquitto's dynamic-security plugin is installed, looked up at run time as {@code infra/local/stack} does:
 * Debian puts it in its multiarch folder ({@code /usr/lib/<triplet>/}), the eclipse-mosquitto image in {@code /usr/lib}.
 */
public final class DynsecPlugin {
    /** The plugin's file name. */
    public static final String FILE = "mosquitto_dynamic_security.so";

    private DynsecPlugin() {}

    /** The plugin's path, or an exception that says where it was looked for. */
    public static Path find() {
        return lookup().orElseThrow(() -> new IllegalStateException("mosquitto's dynamic-security plugin " + FILE
                + " is not installed (looked in /usr/lib, /usr/lib/*/, /usr/local/lib, /usr/local/lib/*/; Debian's "
                + "mosquitto package ships it)"));
    }

    /** The plugin's path when installed. */
    public static Optional<Path> lookup() {
        for (Path base : List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"))) {
            if (Files.isRegularFile(base.resolve(FILE))) {
                return Optional.of(base.resolve(FILE));
            }
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(base)) {
                Optional<Path> found = dirs.map(d -> d.resolve(FILE)).filter(Files::isRegularFile).sorted().findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + base, e);
            }
        }
        return Optional.empty();
    }
}
