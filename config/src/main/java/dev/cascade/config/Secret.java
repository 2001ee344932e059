package dev.cascade.config;

/** A password, private key or JAAS line read from a file or the environment; its {@code toString} is masked. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        if (value == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        this.value = value;
    }

    /** The secret itself: hand it to the client that needs it, never to a log line. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return ConfigNode.MASK;
    }
}
