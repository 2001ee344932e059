package dev.cascade.security.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Restricts key files and their folders to their owner; on a file system without POSIX permissions the folder's own protection applies. */
public final class OwnerOnly {
    private OwnerOnly() {}

    /** {@code rw-------}. */
    public static void file(Path file) throws IOException {
        set(file, "rw-------");
    }

    /** {@code rwx------}. */
    public static void dir(Path dir) throws IOException {
        set(dir, "rwx------");
    }

    private static void set(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: nothing finer to set here
        }
    }
}
