package dev.cascade.actuators.notify;

/** How one notification fared on one channel (a metrics label). */
public enum DeliveryResult {
    /** The channel took it. */
    DELIVERED("delivered"),
    /** A retriable failure; it is tried again. */
    RETRIED("retried"),
    /** Given up: a fatal failure, or retries exhausted. */
    FAILED("failed"),
    /** The channel's queue was full; never tried. */
    DROPPED("dropped"),
    /** Held back by the channel's rate limit before it went out. */
    RATE_LIMITED("rate_limited");

    private final String displayName;

    DeliveryResult(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
