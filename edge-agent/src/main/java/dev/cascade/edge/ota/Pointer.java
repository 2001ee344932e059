package dev.cascade.edge.ota;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What an agent's {@code current} pointer for one model says: the version that runs, the one it replaced, and
 * whether the new one is still being watched.
 *
 * @param version the version that runs
 * @param dir its bundle folder
 * @param previousVersion the version it replaced
 * @param previousDir that version's bundle folder
 * @param watching true until the new version has been watched for the whole watch window
 */
public record Pointer(String version, Path dir, String previousVersion, Path previousDir, boolean watching) {
    public Pointer {
        if (version == null || dir == null || previousVersion == null || previousDir == null) {
            throw new IllegalArgumentException("version, dir, previousVersion and previousDir must not be null");
        }
    }

    /** This pointer, kept (no longer watched). */
    public Pointer confirmed() {
        return new Pointer(version, dir, previousVersion, previousDir, false);
    }

    static Optional<Pointer> none() {
        return Optional.empty();
    }
}
