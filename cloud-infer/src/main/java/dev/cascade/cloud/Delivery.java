package dev.cascade.cloud;

/**
 * How the workers hand their outputs to Kafka and commit what they consumed.
 *
 * <p>Both modes are exactly once in effect for what acts: a command's and an alert's id derive from the window's
 * correlation id, so actuators and operators see a repeated one once. They differ in what a reader of the results
 * topic sees after a worker dies, and in the time a result takes to become readable.
 */
public enum Delivery {
    /**
     * Each batch's results, commands, alerts and dead letters are committed in one Kafka transaction with the offsets
     * they were computed from: a {@code read_committed} reader sees each result once, even across {@code kill -9}.
     * A result becomes readable at its transaction's commit, so each batch pays the broker's transaction round trips.
     */
    TRANSACTIONAL,
    /**
     * Outputs go out on an idempotent producer as soon as they are scored; the consumed offsets are committed after
     * every output of them was acknowledged. Nothing is lost; after a crash or a lost partition the windows read
     * since the last commit are scored again, so a results reader may see a result twice (same correlation id, same
     * score: deduplicate on it). A result is readable as soon as the broker acknowledged it.
     */
    AT_LEAST_ONCE;

    /** The name in configuration files and logs. */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
