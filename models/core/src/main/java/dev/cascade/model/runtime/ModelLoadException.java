package dev.cascade.model.runtime;

/** A model file that a runtime cannot load or run (not a valid file, unsupported operator or tensor type). */
public final class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
