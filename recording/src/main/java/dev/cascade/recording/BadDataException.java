package dev.cascade.recording;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that cannot be used: names the file (and line, where there is one) and the problem. */
public final class BadDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public BadDataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public BadDataException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
