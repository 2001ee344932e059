package dev.cascade.edge.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/** Opens the outbox's files; tests give one that fails like a full disk. */
@FunctionalInterface
interface Storage {
    Storage FILES = (path, options) -> FileChannel.open(path, options);

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
}
