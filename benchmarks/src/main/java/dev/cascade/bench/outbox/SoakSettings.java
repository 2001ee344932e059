package dev.cascade.bench.outbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One outbox soak: a simulated factory whose edge agent loses its uplink for {@code outage} and is killed
 * (SIGKILL) {@code killAfter} into it, then restarted; the link returns and everything escalated must reach Kafka.
 *
 * @param machines simulated machines (devices {@code m-0..})
 * @param faultyShare share of them with a bearing fault from the start (their windows are acted on locally)
 * @param windowsPerSecond windows per second over the whole fleet
 * @param before how long the factory runs with the link up first
 * @param outage how long the uplink is cut
 * @param killAfter when, into the outage, the agent is killed and restarted
 * @param drainTimeout the longest to wait, once the link is back, for every escalation to reach Kafka
 * @param batchSize escalations per batch (1: each alone)
 * @param batchAge the longest an escalation waits for its batch
 * @param deflate whether batches travel deflated
 * @param edgeHeap the edge process's -Xmx (e.g. 32m)
 * @param workDir where the outbox, ledger and logs go
 * @param model the edge vibration model bundle folder
 */
public record SoakSettings(int machines, double faultyShare, double windowsPerSecond, Duration before, Duration outage,
                           Duration killAfter, Duration drainTimeout, int batchSize, Duration batchAge, boolean deflate,
                           String edgeHeap, Path workDir, Path model) {
    public SoakSettings {
        if (machines < 1) {
            throw new IllegalArgumentException("machines must be >= 1, was " + machines);
        }
        if (faultyShare < 0 || faultyShare > 1) {
            throw new IllegalArgumentException("faultyShare must be in [0, 1], was " + faultyShare);
        }
        if (windowsPerSecond <= 0) {
            throw new IllegalArgumentException("windowsPerSecond must be > 0, was " + windowsPerSecond);
        }
        if (killAfter.compareTo(outage) >= 0) {
            throw new IllegalArgumentException("killAfter must be < outage (" + outage + "), was " + killAfter);
        }
        if (workDir == null || model == null) {
            throw new IllegalArgumentException("workDir and model must not be null");
        }
    }
}
