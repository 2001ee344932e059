package dev.cascade.cloud.config;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.Delivery;
import dev.cascade.cloud.batch.BatchPolicy;
import dev.cascade.cloud.registry.RegistrySettings;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.kafka.KafkaSection;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicCreation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud inference workers' configuration file ({@code cascade infer --config infer.yaml}, top-level key
 * {@code infer}).
 *
 * @param workers the workers' settings
 * @param createTopics whether and how the namespace's missing Kafka topics are created at start
 * @param ops where its health and metrics endpoint listens
 * @param lifecycle start-up retry and shutdown bounds
 */
public record InferConfigFile(CloudConfig workers, TopicCreation createTopics, OpsSettings ops, Lifecycle lifecycle) {
    /** Reads and documents {@code infer.*}. */
    public static final ConfigLoader<InferConfigFile> LOADER =
            new ConfigLoader<>("infer", "the cloud inference workers", InferConfigFile::read);

    public InferConfigFile {
        if (workers == null || createTopics == null || ops == null || lifecycle == null) {
            throw new IllegalArgumentException("workers, ops and lifecycle must not be null");
        }
    }

    private static InferConfigFile read(ConfigNode n) {
        String instance = n.text("instance-id", "cloud-infer-1", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "unique per process (client ids, log lines)");
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "a namespace like cascade", "topic namespace");
        String group = n.text("group", "cloud-infer", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "consumer group all workers share");
        int workers = (int) n.integer("workers", 1, 1, 64, "consumer threads, each with its own ONNX sessions");
        Map<SensorKind, Path> models = new EnumMap<>(SensorKind.class);
        ConfigNode m = n.object("models", "the ONNX model bundle folder per kind of window");
        for (SensorKind k : SensorKind.values()) {
            String key = k.name().toLowerCase(Locale.ROOT);
            m.optionalPath(key, "bundle folder scoring " + key + " windows").ifPresent(p -> models.put(k, p));
        }
        m.finish();
        ConfigNode r = n.object("registry", "models from a registry folder of NAME/VERSION bundle folders: the version "
                + "named in NAME/PROMOTED is live (swapped in between two batches when it changes; a bundle failing its "
                + "signature, loading or warm-up is refused and the old one stays), NAME/SHADOW is scored beside it");
        Optional<Path> registryDir = r.optionalPath("dir", "the registry folder; unset: the models.* bundle folders only");
        Duration poll = r.duration("poll-interval", RegistrySettings.DEFAULT_POLL_INTERVAL, Duration.ofMillis(10),
                Duration.ofHours(1), "how often PROMOTED and SHADOW are read");
        Duration report = r.duration("shadow-report-interval", RegistrySettings.DEFAULT_SHADOW_REPORT_INTERVAL,
                Duration.ofMillis(100), Duration.ofDays(1), "how often a shadow's disagreement with the live model is logged");
        Map<SensorKind, String> registryModels = new EnumMap<>(SensorKind.class);
        ConfigNode rm = r.object("models", "the registry model name scoring each kind of window (instead of models.*)");
        for (SensorKind k : SensorKind.values()) {
            String key = k.name().toLowerCase(Locale.ROOT);
            rm.optionalText(key, "registry model scoring " + key + " windows").ifPresent(v -> registryModels.put(k, v));
        }
        rm.finish();
        r.finish();
        if (registryDir.isPresent() != !registryModels.isEmpty() && !n.documentingOnly()) {
            n.violation("registry", "dir and models set together", registryDir.isPresent() ? "no registry.models"
                    : "registry.models without registry.dir");
        }
        for (SensorKind k : registryModels.keySet()) {
            if (models.containsKey(k) && !n.documentingOnly()) {
                n.violation("models." + k.name().toLowerCase(Locale.ROOT), "unset when registry.models names the model",
                        models.get(k));
            }
        }
        ConfigNode f = n.object("features", "feature extraction before the model");
        int featureThreads = (int) f.integer("threads", 0, 0, 256,
                "threads computing one batch's FFT features in parallel; 0: one per available core");
        f.finish();
        Optional<Path> trusted = n.optionalPath("trusted-keys",
                "folder of Ed25519 public keys; when set, unsigned or tampered bundles are refused");
        ConfigNode o = n.object("onnx", "ONNX Runtime");
        OnnxOptions.Accelerator acc = o.choice("accelerator", OnnxOptions.Accelerator.class, OnnxOptions.DEFAULT.accelerator(),
                "where models run");
        int cuda = (int) o.integer("cuda-device", 0, 0, 64, "CUDA device index");
        int threads = (int) o.integer("intra-op-threads", OnnxOptions.DEFAULT.intraOpThreads(), 1, 256,
                "threads one model call may use");
        int gpuMin = (int) o.integer("gpu-min-batch", CloudConfig.DEFAULT_GPU_MIN_BATCH, 1, 4096,
                "with CUDA chosen: batches of at least this many windows run on the GPU, smaller ones on the CPU");
        o.finish();
        Delivery delivery = n.choice("delivery", Delivery.class,
                Delivery.TRANSACTIONAL, "transactional: each batch's outputs committed with its consumed"
                        + " offsets in one Kafka transaction (a result readable at the commit, never twice);"
                        + " at-least-once: outputs readable once acknowledged, offsets committed after them (after a"
                        + " crash a result may repeat with its correlation id; commands and alerts keep their ids)");
        int maxBatch = (int) n.integer("max-batch", 64, 1, 4096, "most windows scored in one model call");
        Duration maxDelay = n.duration("max-queue-delay", CloudConfig.DEFAULT_MAX_QUEUE_DELAY, Duration.ZERO,
                Duration.ofSeconds(10), "longest a window waits in its model's queue for others to join its batch");
        Map<SensorKind, BatchPolicy> batching = new EnumMap<>(SensorKind.class);
        ConfigNode b = n.object("batching", "per-model batch policies replacing max-batch / max-queue-delay");
        for (SensorKind k : SensorKind.values()) {
            String key = k.name().toLowerCase(Locale.ROOT);
            Optional<ConfigNode> kn = b.optionalObject(key, "batch policy of the " + key + " model");
            if (kn.isPresent()) {
                ConfigNode pk = kn.get();
                int mb = (int) pk.integer("max-batch", 64, 1, 4096, "most " + key + " windows in one model call");
                Duration md = pk.duration("max-queue-delay", CloudConfig.DEFAULT_MAX_QUEUE_DELAY, Duration.ZERO,
                        Duration.ofSeconds(10), "longest a " + key + " window waits for others to join its batch");
                pk.finish();
                if (!n.documentingOnly()) {
                    batching.put(k, new BatchPolicy(mb, md));
                }
            }
        }
        b.finish();
        ConfigNode cost = n.object("cost", "cost per 1M inferences, from measured throughput");
        double price = cost.number("price-per-instance-hour", CloudConfig.DEFAULT_PRICE_PER_INSTANCE_HOUR, 0, 1e6,
                "what one worker process costs per hour (any currency); 0: cost not reported");
        cost.finish();
        Duration ttl = n.duration("command-ttl", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(1),
                "time-to-live of the commands the workers issue");
        Duration maxIrrigation = n.duration("max-irrigation", Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofDays(1),
                "the longest watering one command orders");
        double minutes = n.number("minutes-per-percent", 4.0, 1e-6, 1e6, "minutes of watering per point of deficit");
        Duration cooldown = n.duration("action-cooldown", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1),
                "further commands and alerts for a device and verdict are held back this long");
        int confirm = (int) n.integer("confirm-anomalies", 3, 1, 1000, "anomalous windows needed before a machine is stopped");
        int within = (int) n.integer("confirm-within", 10, 1, 100_000, "... among this many consecutive windows");
        double below = n.number("irrigate-below-pct", 0, 0, 99.999, "the site's irrigation threshold, %; 0: the model's");
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka holding escalations and results"),
                instance);
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9403);
        Lifecycle lifecycle = Lifecycle.read(n);
        if (models.isEmpty() && registryModels.isEmpty() && !n.documentingOnly()) {
            n.violation("models", "at least one of vibration, soil (or registry.models)", "none");
        }
        Optional<OnnxOptions> onnx = o.build(() -> new OnnxOptions(acc, cuda, threads));
        if (kafka.isEmpty() || onnx.isEmpty() || (models.isEmpty() && registryModels.isEmpty())) {
            return null;
        }
        boolean fromRegistry = registryDir.isPresent() && !registryModels.isEmpty();
        return n.build(() -> new InferConfigFile(new CloudConfig(kafka.get(), new Topics(namespace), instance, group,
                workers, models, trusted, onnx.get(), maxBatch, ttl, maxIrrigation, minutes, cooldown, confirm, within,
                below > 0 ? Optional.of(below) : Optional.empty(), maxDelay, batching, price, gpuMin,
                fromRegistry ? Optional.of(new RegistrySettings(registryDir.get(), registryModels, poll, report))
                        : Optional.empty(), featureThreads, delivery), create, ops, lifecycle))
                .orElse(null);
    }
}
