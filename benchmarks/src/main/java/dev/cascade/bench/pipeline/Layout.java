package dev.cascade.bench.pipeline;

import java.util.Optional;

/** Where the pipeline's parts run during {@code cascade bench pipeline}. */
public enum Layout {
    /** Every role, both brokers (HiveMQ CE, Kafka KRaft), the fleet and the harness in one JVM. */
    ONE_JVM("one-jvm"),
    /** mosquitto, Kafka as its own JVM and each role as its own JVM from its example file; the fleet in the harness. */
    PROCESSES("processes");

    private final String label;

    Layout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The layout called {@code label}. */
    public static Optional<Layout> of(String label) {
        for (Layout l : values()) {
            if (l.label.equals(label)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
