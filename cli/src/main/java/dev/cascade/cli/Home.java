package dev.cascade.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Cascade installation (the repository, when run from a checkout) lives. */
public final class Home {
    private Home() {}

    /** {@code -Dcascade.home}, else the working directory. */
    public static Path dir() {
        String h = System.getProperty("cascade.home");
        return (h == null ? Path.of("") : Path.of(h)).toAbsolutePath().normalize();
    }

    /** The default model registry: {@code <home>/models/default}. */
    public static Path defaultModels() {
        return dir().resolve("models").resolve("default");
    }

    /** A folder for the tool's own files (logs, caches): {@code <home>/.cascade}. */
    public static Path stateDir() {
        Path p = dir().resolve(".cascade");
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            // callers report the problem when they use it
        }
        return p;
    }
}
