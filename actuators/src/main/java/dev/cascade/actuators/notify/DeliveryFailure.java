package dev.cascade.actuators.notify;

/** A channel could not deliver a notification; retriable failures are tried again with back-off, fatal ones are not. */
public final class DeliveryFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retriable;

    public DeliveryFailure(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
