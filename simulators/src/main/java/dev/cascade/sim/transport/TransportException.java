package dev.cascade.sim.transport;

/** The transport could not connect or subscribe. */
public final class TransportException extends Exception {
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
