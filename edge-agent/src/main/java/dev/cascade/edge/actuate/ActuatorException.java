package dev.cascade.edge.actuate;

/** An output that could not be driven (a GPIO error, a local broker that refused the command). */
public final class ActuatorException extends Exception {
    public ActuatorException(String message, Throwable cause) {
        super(message, cause);
    }

    public ActuatorException(String message) {
        super(message);
    }
}
