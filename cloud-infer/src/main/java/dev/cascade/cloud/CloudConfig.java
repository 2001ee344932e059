package dev.cascade.cloud;

import dev.cascade.cloud.batch.BatchPolicy;
import dev.cascade.cloud.registry.RegistrySettings;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the cloud inference workers.
 *
 * @param kafka Kafka holding escalations, results, commands and alerts
 * @param topics the namespace
 * @param instanceId unique per process (client ids, log lines)
 * @param group the consumer group all workers share (Kafka spreads partitions over them)
 * @param workers consumer threads in this process, each with its own ONNX sessions
 * @param models the ONNX model bundle folder for each kind of window
 * @param trustedKeys a folder of Ed25519 public keys; when set, unsigned or tampered bundles are refused
 * @param onnx ONNX Runtime options (CUDA when present, else CPU)
 * @param maxBatch most windows scored in one model call
 * @param commandTtl time-to-live of the commands the workers issue
 * @param maxIrrigation the longest watering one command orders
 * @param minutesPerPercent minutes of watering per percentage point of forecast moisture deficit
 * @param actionCooldown after a command and alert for a device and verdict, further ones are held back this long
 *     (results are still published)
 * @param confirmAnomalies anomalous windows of one machine needed among {@code confirmWithin} consecutive
 *     windows of it before it is stopped and operators are alerted (1 acts on the first)
 * @param confirmWithin see {@code confirmAnomalies}
 * @param irrigateBelowPct the site's irrigation threshold (forecast moisture, %), replacing the forecast
 *     model's own; empty: the model's
 * @param maxQueueDelay longest time a window waits in its model's queue for others to join its batch
 * @param batching per-kind batch policies replacing {@code maxBatch} / {@code maxQueueDelay} for that kind
 * @param pricePerInstanceHour what one instance (process) of the workers costs per hour, for the cost per 1M
 *     inferences ({@code 0}: not reported)
 * @param gpuMinBatch batches of at least this many windows go to the GPU session when CUDA was chosen, smaller
 *     ones to a CPU session of the same model (light requests do not pay the GPU's transfer overhead)
 * @param registry a model registry the kinds it names are taken from, promotions hot-reloaded and shadow versions
 *     scored beside the live ones; the other kinds use {@code models}
 * @param featureThreads threads computing one batch's FFT features in parallel (the worker's own included);
 *     {@code 0}: one per available core
 * @param delivery how outputs reach Kafka and consumed offsets are committed (transactions by default)
 */
public record CloudConfig(KafkaSettings kafka, Topics topics, String instanceId, String group, int workers,
                          Map<SensorKind, Path> models, Optional<Path> trustedKeys, OnnxOptions onnx, int maxBatch,
                          Duration commandTtl, Duration maxIrrigation, double minutesPerPercent,
                          Duration actionCooldown, int confirmAnomalies, int confirmWithin,
                          Optional<Double> irrigateBelowPct, Duration maxQueueDelay,
                          Map<SensorKind, BatchPolicy> batching, double pricePerInstanceHour, int gpuMinBatch,
                          Optional<RegistrySettings> registry, int featureThreads, Delivery delivery) {
    /** Default longest wait of a window for others to join its batch. */
    public static final Duration DEFAULT_MAX_QUEUE_DELAY = Duration.ofMillis(2);
    /** Default price of one worker instance per hour (currency units of the operator's choice). */
    public static final double DEFAULT_PRICE_PER_INSTANCE_HOUR = 0.10;
    /** Default smallest batch sent to the GPU when there is one. */
    public static final int DEFAULT_GPU_MIN_BATCH = 32;

    /** The settings without per-model batching or price: a 2 ms queue delay, default price. */
    public CloudConfig(KafkaSettings kafka, Topics topics, String instanceId, String group, int workers,
                       Map<SensorKind, Path> models, Optional<Path> trustedKeys, OnnxOptions onnx, int maxBatch,
                       Duration commandTtl, Duration maxIrrigation, double minutesPerPercent,
                       Duration actionCooldown, int confirmAnomalies, int confirmWithin,
                       Optional<Double> irrigateBelowPct) {
        this(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch, commandTtl, maxIrrigation,
                minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct,
                DEFAULT_MAX_QUEUE_DELAY, Map.of(), DEFAULT_PRICE_PER_INSTANCE_HOUR, DEFAULT_GPU_MIN_BATCH);
    }

    /** The settings with fixed bundle folders (no registry) and one feature thread per available core. */
    public CloudConfig(KafkaSettings kafka, Topics topics, String instanceId, String group, int workers,
                       Map<SensorKind, Path> models, Optional<Path> trustedKeys, OnnxOptions onnx, int maxBatch,
                       Duration commandTtl, Duration maxIrrigation, double minutesPerPercent,
                       Duration actionCooldown, int confirmAnomalies, int confirmWithin,
                       Optional<Double> irrigateBelowPct, Duration maxQueueDelay,
                       Map<SensorKind, BatchPolicy> batching, double pricePerInstanceHour, int gpuMinBatch) {
        this(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch, commandTtl, maxIrrigation,
                minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay,
                batching, pricePerInstanceHour, gpuMinBatch, Optional.empty(), 0);
    }

    /** The settings with Kafka transactions ({@link Delivery#TRANSACTIONAL}). */
    public CloudConfig(KafkaSettings kafka, Topics topics, String instanceId, String group, int workers,
                       Map<SensorKind, Path> models, Optional<Path> trustedKeys, OnnxOptions onnx, int maxBatch,
                       Duration commandTtl, Duration maxIrrigation, double minutesPerPercent,
                       Duration actionCooldown, int confirmAnomalies, int confirmWithin,
                       Optional<Double> irrigateBelowPct, Duration maxQueueDelay,
                       Map<SensorKind, BatchPolicy> batching, double pricePerInstanceHour, int gpuMinBatch,
                       Optional<RegistrySettings> registry, int featureThreads) {
        this(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch, commandTtl, maxIrrigation,
                minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay,
                batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, Delivery.TRANSACTIONAL);
    }

    public CloudConfig {
        List<String> errors = new ArrayList<>();
        if (kafka == null) {
            errors.add("kafka must not be null");
        }
        if (topics == null) {
            errors.add("topics must not be null");
        }
        if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
            errors.add("instanceId must be 1-64 characters of [A-Za-z0-9._-], was " + instanceId);
        }
        if (group == null || !group.matches("[A-Za-z0-9._-]{1,64}")) {
            errors.add("group must be 1-64 characters of [A-Za-z0-9._-], was " + group);
        }
        if (workers < 1 || workers > 64) {
            errors.add("workers must be in [1, 64], was " + workers);
        }
        if (registry == null) {
            errors.add("registry must not be null (use Optional.empty())");
        } else if (models != null && registry.isPresent()) {
            for (SensorKind k : models.keySet()) {
                if (registry.get().models().containsKey(k)) {
                    errors.add("models." + k.displayName() + " must not be set when registry.models names the "
                            + k.displayName() + " model, was " + models.get(k));
                }
            }
        }
        if (models == null || (models.isEmpty() && (registry == null || registry.isEmpty()))) {
            errors.add("models must name at least one bundle folder (or registry at least one model), was " + models);
        }
        if (featureThreads < 0 || featureThreads > 256) {
            errors.add("featureThreads must be in [0, 256] (0: one per available core), was " + featureThreads);
        }
        if (delivery == null) {
            errors.add("delivery must not be null");
        }
        if (trustedKeys == null) {
            errors.add("trustedKeys must not be null (use Optional.empty())");
        }
        if (onnx == null) {
            errors.add("onnx must not be null");
        }
        if (maxBatch < 1 || maxBatch > 4096) {
            errors.add("maxBatch must be in [1, 4096], was " + maxBatch);
        }
        if (commandTtl == null || commandTtl.isNegative() || commandTtl.isZero()) {
            errors.add("commandTtl must be > 0, was " + commandTtl);
        }
        if (maxIrrigation == null || maxIrrigation.isNegative() || maxIrrigation.isZero()) {
            errors.add("maxIrrigation must be > 0, was " + maxIrrigation);
        }
        if (!(minutesPerPercent > 0) || Double.isInfinite(minutesPerPercent)) {
            errors.add("minutesPerPercent must be a finite number > 0, was " + minutesPerPercent);
        }
        if (actionCooldown == null || actionCooldown.isNegative()) {
            errors.add("actionCooldown must be >= 0, was " + actionCooldown);
        }
        if (confirmAnomalies < 1 || confirmAnomalies > 1000) {
            errors.add("confirmAnomalies must be in [1, 1000], was " + confirmAnomalies);
        }
        if (confirmWithin < confirmAnomalies) {
            errors.add("confirmWithin must be >= confirmAnomalies (" + confirmAnomalies + "), was " + confirmWithin);
        }
        if (irrigateBelowPct == null) {
            errors.add("irrigateBelowPct must not be null (use Optional.empty())");
        } else if (irrigateBelowPct.isPresent() && !(irrigateBelowPct.get() > 0 && irrigateBelowPct.get() < 100)) {
            errors.add("irrigateBelowPct must be in (0, 100), was " + irrigateBelowPct.get());
        }
        if (maxQueueDelay == null || maxQueueDelay.isNegative() || maxQueueDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            errors.add("maxQueueDelay must be in [0, 10 s], was " + maxQueueDelay);
        }
        if (batching == null) {
            errors.add("batching must not be null (use Map.of())");
        }
        if (!(pricePerInstanceHour >= 0) || Double.isInfinite(pricePerInstanceHour)) {
            errors.add("pricePerInstanceHour must be a finite number >= 0, was " + pricePerInstanceHour);
        }
        if (gpuMinBatch < 1 || gpuMinBatch > 4096) {
            errors.add("gpuMinBatch must be in [1, 4096], was " + gpuMinBatch);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid cloud-infer configuration: " + String.join("; ", errors));
        }
        models = models.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(models));
        batching = Map.copyOf(batching);
    }

    /** The batch policy of one kind's model: its own entry in {@code batching}, else {@code maxBatch} and {@code maxQueueDelay}. */
    public BatchPolicy policy(SensorKind kind) {
        BatchPolicy p = batching.get(kind);
        return p != null ? p : new BatchPolicy(maxBatch, maxQueueDelay);
    }

    /** Threads computing one batch's features: {@code featureThreads}, or the available cores when it is 0. */
    public int featureThreadCount() {
        return featureThreads > 0 ? featureThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Follows a model registry for the kinds it names. */
    public CloudConfig withRegistry(RegistrySettings r) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin,
                irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, Optional.of(r),
                featureThreads, delivery);
    }

    /** Threads computing one batch's features (0: one per available core). */
    public CloudConfig withFeatureThreads(int n) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin,
                irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, n, delivery);
    }

    /** Which session a batch of {@code size} windows runs on: {@code gpu} when CUDA was chosen and it is heavy enough. */
    public String route(int size, boolean gpuPresent) {
        return gpuPresent && size >= gpuMinBatch ? "gpu" : "cpu";
    }

    /** The largest batch any model may be sent (the consumer's poll size, the warm-up batch). */
    public int largestBatch() {
        int max = maxBatch;
        for (BatchPolicy p : batching.values()) {
            max = Math.max(max, p.maxBatch());
        }
        return max;
    }

    /**
     * One worker in group {@code cloud-infer}, batches of up to 64, 30 s command TTL, at most 2 h of watering, 4 min
     * per % of deficit, 5 min cooldown, a machine stopped after 3 anomalous windows among 10 consecutive ones.
     */
    public static CloudConfig of(String kafkaBootstrap, Topics topics, Map<SensorKind, Path> models) {
        return new CloudConfig(KafkaSettings.of(kafkaBootstrap, "cloud-infer-1"), topics, "cloud-infer-1", "cloud-infer", 1, models, Optional.empty(),
                OnnxOptions.DEFAULT, 64, Duration.ofSeconds(30), Duration.ofHours(2), 4.0, Duration.ofMinutes(5), 3, 10,
                Optional.empty());
    }

    /** As {@link #of}, every model taken from {@code registry} (promotions hot-reloaded, shadows scored beside). */
    public static CloudConfig ofRegistry(String kafkaBootstrap, Topics topics, RegistrySettings registry) {
        return new CloudConfig(KafkaSettings.of(kafkaBootstrap, "cloud-infer-1"), topics, "cloud-infer-1", "cloud-infer",
                1, Map.of(), Optional.empty(), OnnxOptions.DEFAULT, 64, Duration.ofSeconds(30), Duration.ofHours(2), 4.0,
                Duration.ofMinutes(5), 3, 10, Optional.empty(), DEFAULT_MAX_QUEUE_DELAY, Map.of(),
                DEFAULT_PRICE_PER_INSTANCE_HOUR, DEFAULT_GPU_MIN_BATCH, Optional.of(registry), 0);
    }

    public CloudConfig withWorkers(int n) {
        return new CloudConfig(kafka, topics, instanceId, group, n, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    public CloudConfig withMaxBatch(int n) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, n,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    public CloudConfig withTrustedKeys(Path dir) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, Optional.of(dir), onnx,
                maxBatch, commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    public CloudConfig withActionCooldown(Duration d) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, d, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    public CloudConfig withConfirmation(int anomalies, int within) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, anomalies, within, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    /** The site's irrigation threshold and watering per percentage point of forecast deficit. */
    public CloudConfig withIrrigation(double belowPct, double minutesPerPct) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPct, actionCooldown, confirmAnomalies, confirmWithin,
                Optional.of(belowPct), maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    /** Every model's longest queue delay (per-kind policies stay). */
    public CloudConfig withMaxQueueDelay(Duration d) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin,
                irrigateBelowPct, d, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }

    /** How outputs reach Kafka and consumed offsets are committed. */
    public CloudConfig withDelivery(Delivery d) {
        return new CloudConfig(kafka, topics, instanceId, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin,
                irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, d);
    }

    public CloudConfig withInstanceId(String id) {
        return new CloudConfig(kafka, topics, id, group, workers, models, trustedKeys, onnx, maxBatch,
                commandTtl, maxIrrigation, minutesPerPercent, actionCooldown, confirmAnomalies, confirmWithin, irrigateBelowPct, maxQueueDelay, batching, pricePerInstanceHour, gpuMinBatch, registry, featureThreads, delivery);
    }
}
