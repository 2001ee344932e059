package dev.cascade.testkit.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's own files (infra/local/...) from wherever a test or tool runs inside it. */
public final class RepoFiles {
    private RepoFiles() {}

    /** {@code relative} under the nearest folder at or above the working directory that holds it. */
    public static Path find(String relative) {
        String home = System.getProperty("cascade.home");
        if (home != null && Files.exists(Path.of(home).resolve(relative))) {
            return Path.of(home).resolve(relative).toAbsolutePath();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve(relative);
            if (Files.exists(f) && Files.exists(d.resolve("pom.xml"))) {
                return f;
            }
        }
        throw new IllegalStateException(relative + " not found at or above " + Path.of("").toAbsolutePath()
                + " (run inside the Cascade repository, or set -Dcascade.home)");
    }
}
