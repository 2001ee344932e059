package dev.cascade.model.bundle;

import java.io.IOException;
import java.nio.file.Path;

/** A model bundle that cannot be used: names the offending file and the problem. */
public final class ModelBundleException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public ModelBundleException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelBundleException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
