package dev.cascade.model.registry;

import dev.cascade.checks.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The pointer files of a model registry ({@code <root>/<name>/<version>/} bundles): {@code <root>/<name>/PROMOTED}
 * names the live version of a model and the optional {@code <root>/<name>/SHADOW} a candidate version scored beside
 * it. Each file holds one version and a newline, and is replaced atomically (written aside, then renamed), so a
 * reader sees the old or the new version, never half of one. Stateless and thread-safe.
 */
public final class RegistryPointers {
    /** The file naming a model's live version. */
    public static final String PROMOTED = "PROMOTED";
    /** The file naming a model's shadow (candidate) version. */
    public static final String SHADOW = "SHADOW";

    private final Path root;

    /** The pointers of the registry at {@code root}. */
    public RegistryPointers(Path root) {
        this.root = Checks.notNull(root, "root");
    }

    public Path root() {
        return root;
    }

    /** The folder of one version of a model. */
    public Path dir(String name, String version) {
        return root.resolve(checkName(name, "name")).resolve(checkName(version, "version"));
    }

    /** The promoted (live) version of a model, if a {@code PROMOTED} file names one. */
    public Optional<String> promoted(String name) throws IOException {
        return read(name, PROMOTED);
    }

    /** The shadow version of a model, if a {@code SHADOW} file names one. */
    public Optional<String> shadow(String name) throws IOException {
        return read(name, SHADOW);
    }

    /** Makes {@code version} the live one (the caller has verified the bundle). */
    public void promote(String name, String version) throws IOException {
        write(name, PROMOTED, version);
    }

    /** Makes {@code version} the shadow one (the caller has verified the bundle). */
    public void setShadow(String name, String version) throws IOException {
        write(name, SHADOW, version);
    }

    /** Ends shadow scoring of a model (removes its {@code SHADOW} file); whether there was one. */
    public boolean clearShadow(String name) throws IOException {
        return Files.deleteIfExists(root.resolve(checkName(name, "name")).resolve(SHADOW));
    }

    private Optional<String> read(String name, String file) throws IOException {
        Path f = root.resolve(checkName(name, "name")).resolve(file);
        String v;
        try {
            v = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!validName(v)) {
            throw new IOException(f + ": must name a version folder (letters, digits, . _ -), was \"" + v + "\"");
        }
        return Optional.of(v);
    }

    private void write(String name, String file, String version) throws IOException {
        checkName(version, "version");
        Path nameDir = root.resolve(checkName(name, "name"));
        if (!Files.isDirectory(nameDir.resolve(version))) {
            throw new NoSuchFileException(nameDir.resolve(version).toString(), null, "no such version folder");
        }
        Path tmp = Files.createTempFile(nameDir, "." + file, ".partial");
        try {
            Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, nameDir.resolve(file), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, nameDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean validName(String s) {
        return s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    }

    private static String checkName(String s, String field) {
        Checks.check(s != null && validName(s), field, "1-128 characters of [A-Za-z0-9._-], not starting with . _ -",
                s);
        return s;
    }
}
