package dev.cascade.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code cascade bench pipeline} run measures, validated as a whole.
 *
 * @param devices simulated devices of the main phase and the baselines
 * @param rate total windows per second they send
 * @param warmup time at the start of each phase left out of every figure
 * @param duration measured time of each phase after the warm-up
 * @param models the model registry folder
 * @param mqttUri an external MQTT broker; empty: one in-process
 * @param kafkaBootstrap an external Kafka; empty: one in-process
 * @param out folder for the JSON report and the PNG charts
 * @param sweep device counts of the throughput-vs-devices sweep (each at the main phase's rate per device)
 * @param sweepDuration measured time of each sweep point
 * @param faultsPerMinute machines given a strong fault per minute (each fault leads to commands)
 * @param actionCooldown edge and cloud action cooldown (short, so that commands keep flowing)
 * @param farmShare share of the devices that are soil zones, when the registry has soil models
 * @param baselines which baselines run after the main phase
 * @param httpConcurrency requests in flight and server threads of the HTTP baseline
 * @param edgeWorkers edge inference threads
 * @param cloudWorkers cloud consumer threads
 * @param partitions partitions per Kafka topic
 * @param maxBatch the cloud's largest micro-batch
 * @param simWorkers simulator threads
 * @param simConnections simulator MQTT connections
 * @param seed seeds the devices, their schedules and the fault picks
 * @param price the instance the cost per million inferences is priced on
 * @param maxLoad wait before starting until the 1-minute load average is below this (0: do not wait)
 * @param maxLoadWait give up waiting for a quiet machine after this long and measure anyway (recorded)
 * @param jfr record each phase's measured interval with Java Flight Recorder and sum the samples by role
 * @param prewarm an unreported Cascade phase first, so that the JIT has compiled the hot paths (0: none)
 */
public record BenchPlan(int devices, double rate, Duration warmup, Duration duration, Path models,
                        Optional<String> mqttUri, Optional<String> kafkaBootstrap, Path out, List<Integer> sweep,
                        Duration sweepDuration, double faultsPerMinute, Duration actionCooldown, double farmShare,
                        Set<Baseline> baselines, int httpConcurrency, int edgeWorkers, int cloudWorkers, int partitions,
                        int maxBatch, int simWorkers, int simConnections, long seed, InstancePrice price, double maxLoad,
                        Duration maxLoadWait, boolean jfr, Duration prewarm) {

    /** The baselines measured beside Cascade in the same run. */
    public enum Baseline {
        /** (a) every window to the cloud: the edge model decides nothing. */
        ALL_TO_CLOUD("all-to-cloud"),
        /** (b) one HTTP POST per window to a server running the cloud model per request. */
        HTTP("http");

        private final String label;

        Baseline(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The baseline called {@code label}. */
        public static Optional<Baseline> of(String label) {
            for (Baseline b : values()) {
                if (b.label.equals(label)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
    }

    public BenchPlan {
        List<String> errors = new ArrayList<>();
        if (devices < 1 || devices > 100_000) {
            errors.add("devices must be in [1, 100000], was " + devices);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            errors.add("rate must be a finite number > 0, was " + rate);
        } else if (devices >= 1 && rate / devices > 1000) {
            errors.add("rate must be at most 1000 windows/s per device, was " + rate / devices);
        }
        if (warmup == null || warmup.isNegative()) {
            errors.add("warmup must be >= 0, was " + warmup);
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0) {
            errors.add("duration must be >= 1s, was " + duration);
        }
        if (models == null) {
            errors.add("models must not be null");
        }
        if (mqttUri == null || kafkaBootstrap == null) {
            errors.add("mqttUri and kafkaBootstrap must not be null (use Optional.empty())");
        } else if (mqttUri.isPresent() != kafkaBootstrap.isPresent()) {
            errors.add("mqttUri and kafkaBootstrap must be given together (external brokers) or not at all, was "
                    + mqttUri.orElse("none") + " and " + kafkaBootstrap.orElse("none"));
        }
        if (out == null) {
            errors.add("out must not be null");
        }
        if (sweep == null) {
            errors.add("sweep must not be null (use an empty list)");
        } else {
            for (Integer n : sweep) {
                if (n == null || n < 1 || n > 100_000) {
                    errors.add("sweep device counts must be in [1, 100000], was " + n);
                }
            }
            sweep = List.copyOf(sweep);
        }
        if (sweepDuration == null || sweepDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            errors.add("sweepDuration must be >= 1s, was " + sweepDuration);
        }
        if (!(faultsPerMinute >= 0) || Double.isInfinite(faultsPerMinute)) {
            errors.add("faultsPerMinute must be a finite number >= 0, was " + faultsPerMinute);
        }
        if (actionCooldown == null || actionCooldown.isNegative()) {
            errors.add("actionCooldown must be >= 0, was " + actionCooldown);
        }
        if (!(farmShare >= 0 && farmShare < 1)) {
            errors.add("farmShare must be in [0, 1), was " + farmShare);
        }
        if (baselines == null) {
            errors.add("baselines must not be null (use an empty set)");
        } else {
            baselines = baselines.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(baselines));
        }
        if (httpConcurrency < 1 || httpConcurrency > 1024) {
            errors.add("httpConcurrency must be in [1, 1024], was " + httpConcurrency);
        }
        if (edgeWorkers < 1 || edgeWorkers > 64) {
            errors.add("edgeWorkers must be in [1, 64], was " + edgeWorkers);
        }
        if (cloudWorkers < 1 || cloudWorkers > 64) {
            errors.add("cloudWorkers must be in [1, 64], was " + cloudWorkers);
        }
        if (partitions < 1 || partitions > 256) {
            errors.add("partitions must be in [1, 256], was " + partitions);
        }
        if (maxBatch < 1 || maxBatch > 4096) {
            errors.add("maxBatch must be in [1, 4096], was " + maxBatch);
        }
        if (simWorkers < 1 || simWorkers > 64) {
            errors.add("simWorkers must be in [1, 64], was " + simWorkers);
        }
        if (simConnections < 1 || simConnections > 256) {
            errors.add("simConnections must be in [1, 256], was " + simConnections);
        }
        if (price == null) {
            errors.add("price must not be null");
        }
        if (!(maxLoad >= 0) || Double.isInfinite(maxLoad)) {
            errors.add("maxLoad must be a finite number >= 0, was " + maxLoad);
        }
        if (maxLoadWait == null || maxLoadWait.isNegative()) {
            errors.add("maxLoadWait must be >= 0, was " + maxLoadWait);
        }
        if (prewarm == null || prewarm.isNegative()) {
            errors.add("prewarm must be >= 0, was " + prewarm);
        }
        if (!errors.isEmpty()) {
            throw new InvalidPlanException(errors);
        }
    }

    /** Windows per second each device sends. */
    public double ratePerDevice() {
        return rate / devices;
    }

    /** Whether the brokers run in this process. */
    public boolean inProcessBrokers() {
        return mqttUri.isEmpty();
    }

    /** Every problem of a plan at once. */
    public static final class InvalidPlanException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        /** An exception naming every one of {@code problems}. */
        public InvalidPlanException(List<String> problems) {
            super("invalid benchmark plan (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "): "
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
