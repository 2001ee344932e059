package dev.cascade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The model bundles tests run: the committed defaults, or {@code -Dcascade.models.dir=...}. */
public final class TestModels {
    private TestModels() {}

    /** The registry folder ({@code <dir>/<name>/<version>/}). */
    public static Path dir() {
        String p = System.getProperty("cascade.models.dir");
        Path dir = p != null ? Path.of(p) : Path.of("..", "models", "default");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("model registry " + dir.toAbsolutePath() + " is missing: tests need the default models");
        }
        return dir;
    }

    /** The highest version folder of model {@code name}. */
    public static Path latest(String name) {
        Path m = dir().resolve(name);
        try (Stream<Path> versions = Files.list(m)) {
            return versions.filter(Files::isDirectory)
                    .max(Comparator.comparing((Path v) -> numeric(v.getFileName().toString()))
                            .thenComparing(v -> v.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("no version of model " + name + " under " + m.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + m.toAbsolutePath(), e);
        }
    }

    private static long numeric(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
