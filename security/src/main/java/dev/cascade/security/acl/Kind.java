package dev.cascade.security.acl;

/** What an identity is to the broker, which decides what it may publish and subscribe. */
public enum Kind {
    /** A sensor or actuator device: speaks for itself only. */
    DEVICE("device"),
    /** An edge gateway (or a simulated fleet): speaks for itself and the devices it serves, reads their windows. */
    GATEWAY("gateway"),
    /** The ingest role: reads escalations, batches, telemetry and acks through its shared subscription. */
    INGEST("ingest"),
    /** The actuators role: the only one that publishes commands to any device; reads acks in its group. */
    ACTUATORS("actuators"),
    /**
     * The over-the-air model publisher ({@code cascade ota publish}): announces model versions to any gateway and
     * answers their chunk requests; reads their update statuses.
     */
    MODELS("models"),
    /** An operator's read-only tool: the only identity that may subscribe to everything. */
    ADMIN("admin");

    private final String word;

    Kind(String word) {
        this.word = word;
    }

    /** The word that starts this kind's lines in a fleet file. */
    public String word() {
        return word;
    }

    static Kind ofWord(String word) {
        for (Kind k : values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        return null;
    }
}
