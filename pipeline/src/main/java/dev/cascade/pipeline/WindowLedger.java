package dev.cascade.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids (correlation ids) of the windows the simulated devices sent, and what became of each: decided at
 * the edge, or escalated and on Kafka. {@code lost} is what was sent and never accounted for; windows that
 * no simulated device sent (injected on the broker) are counted apart and never offset lost ones.
 * Thread-safe.
 */
public final class WindowLedger {
    private static final int SENT = 1;
    private static final int DECIDED_AT_EDGE = 2;
    private static final int IN_KAFKA = 4;

    private final Map<String, Integer> states = new ConcurrentHashMap<>();

    /** A simulated device handed window {@code id} to its transport. */
    public void sent(String id) {
        states.merge(id, SENT, (a, b) -> a | b);
    }

    /** The edge decided window {@code id} itself. */
    public void decidedAtEdge(String id) {
        states.merge(id, DECIDED_AT_EDGE, (a, b) -> a | b);
    }

    /** An escalation of window {@code id} is on the Kafka escalations topic. */
    public void inKafka(String id) {
        states.merge(id, IN_KAFKA, (a, b) -> a | b);
    }

    /** Counts by fate, at this moment. */
    public Counts counts() {
        long sent = 0;
        long lost = 0;
        long foreign = 0;
        long decided = 0;
        long kafka = 0;
        for (int s : states.values()) {
            boolean accounted = (s & (DECIDED_AT_EDGE | IN_KAFKA)) != 0;
            if ((s & SENT) != 0) {
                sent++;
                if (!accounted) {
                    lost++;
                }
                if ((s & DECIDED_AT_EDGE) != 0) {
                    decided++;
                } else if ((s & IN_KAFKA) != 0) {
                    kafka++;
                }
            } else if (accounted) {
                foreign++;
            }
        }
        return new Counts(sent, decided, kafka, lost, foreign);
    }

    /**
     * @param sent windows the simulated devices sent
     * @param decidedAtEdge of those, decided at the edge
     * @param escalatedToKafka of those, not decided at the edge and on Kafka
     * @param unaccounted of those, neither decided at the edge nor on Kafka (lost, once the pipeline drained)
     * @param foreign windows decided or escalated that no simulated device sent
     */
    public record Counts(long sent, long decidedAtEdge, long escalatedToKafka, long unaccounted, long foreign) {}
}
