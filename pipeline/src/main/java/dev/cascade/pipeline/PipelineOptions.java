package dev.cascade.pipeline;

import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.protocol.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to assemble the whole pipeline in one process.
 *
 * @param topics the namespace
 * @param models the model registry folder
 * @param mqttUri an external MQTT broker; empty: start one in-process
 * @param kafkaBootstrap an external Kafka; empty: start one in-process
 * @param mqttPort the in-process broker's port (0: any free port)
 * @param kafkaPort the in-process Kafka's port (0: any free port)
 * @param partitions partitions per Kafka topic
 * @param edgeWorkers edge inference threads
 * @param cloudWorkers cloud consumer threads
 * @param maxBatch the cloud's largest micro-batch
 * @param policy the edge's escalation policy
 * @param uplink the edge's uplink batching
 * @param onnx the cloud's ONNX Runtime options
 * @param trustedKeys refuse unsigned models unless signed by one of these keys
 * @param irrigation the site's irrigation settings; empty: the models' thresholds and default watering
 * @param actionCooldown after acting on a device, the edge (per device) and the cloud (per device and verdict)
 *     leave it alone this long
 * @param instance suffix of every role's instance id ({@code ingest-1}, {@code gateway-1}, ...): pipelines that share
 *     brokers one after the other need different ones, or a new ingest resumes the old one's MQTT session
 */
public record PipelineOptions(Topics topics, Path models, Optional<String> mqttUri, Optional<String> kafkaBootstrap,
                              int mqttPort, int kafkaPort, int partitions, int edgeWorkers, int cloudWorkers,
                              int maxBatch, EscalationPolicy policy, UplinkOptions uplink, OnnxOptions onnx,
                              Optional<Path> trustedKeys, Optional<Irrigation> irrigation,
                              Duration actionCooldown, String instance) {
    public PipelineOptions {
        if (topics == null || models == null || mqttUri == null || kafkaBootstrap == null || policy == null
                || uplink == null || onnx == null || trustedKeys == null || irrigation == null
                || actionCooldown == null || instance == null) {
            throw new IllegalArgumentException("pipeline options must not be null");
        }
        if (actionCooldown.isNegative()) {
            throw new IllegalArgumentException("actionCooldown must be >= 0, was " + actionCooldown);
        }
        if (!instance.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("instance must be 1-40 characters of [A-Za-z0-9._-], was " + instance);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
    }

    /** In-process brokers on free ports, 4 partitions, 1 edge and 1 cloud worker, batches up to 64. */
    public static PipelineOptions defaults(Path models) {
        return new PipelineOptions(Topics.DEFAULT, models, Optional.empty(), Optional.empty(), 0, 0, 4, 1, 1, 64,
                EscalationPolicy.defaults(), UplinkOptions.immediate(), OnnxOptions.DEFAULT, Optional.empty(),
                Optional.empty(), Duration.ofMinutes(5), "1");
    }

    public PipelineOptions withTopics(Topics t) {
        return new PipelineOptions(t, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withBrokers(String mqtt, String kafka) {
        return new PipelineOptions(topics, models, Optional.of(mqtt), Optional.of(kafka), mqttPort, kafkaPort, partitions,
                edgeWorkers, cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withPorts(int mqtt, int kafka) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqtt, kafka, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withPolicy(EscalationPolicy p) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, p, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withWorkers(int edge, int cloud) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edge, cloud,
                maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withTrustedKeys(Path keys) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, Optional.of(keys), irrigation, actionCooldown, instance);
    }

    public PipelineOptions withIrrigation(Irrigation i) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, Optional.of(i), actionCooldown, instance);
    }

    /**
     * How a site waters.
     *
     * @param belowPct irrigate when the forecast moisture falls below this, %
     * @param minutesPerPercent minutes of watering per percentage point of forecast deficit (edge and cloud)
     * @param edgeMaxDuration the longest watering one edge command orders
     */
    public record Irrigation(double belowPct, double minutesPerPercent, java.time.Duration edgeMaxDuration) {
        public Irrigation {
            if (!(belowPct > 0 && belowPct < 100)) {
                throw new IllegalArgumentException("belowPct must be in (0, 100), was " + belowPct);
            }
            if (!(minutesPerPercent > 0)) {
                throw new IllegalArgumentException("minutesPerPercent must be > 0, was " + minutesPerPercent);
            }
            if (edgeMaxDuration == null || edgeMaxDuration.isNegative() || edgeMaxDuration.isZero()) {
                throw new IllegalArgumentException("edgeMaxDuration must be > 0, was " + edgeMaxDuration);
            }
        }
    }

    public PipelineOptions withUplink(UplinkOptions u) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, u, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withPartitions(int n) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, n, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withMaxBatch(int n) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, n, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, instance);
    }

    public PipelineOptions withActionCooldown(Duration d) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, d, instance);
    }

    public PipelineOptions withInstance(String suffix) {
        return new PipelineOptions(topics, models, mqttUri, kafkaBootstrap, mqttPort, kafkaPort, partitions, edgeWorkers,
                cloudWorkers, maxBatch, policy, uplink, onnx, trustedKeys, irrigation, actionCooldown, suffix);
    }
}
