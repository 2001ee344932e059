package dev.cascade.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.Delivery;
import dev.cascade.cloud.batch.BatchPolicy;
import dev.cascade.cloud.registry.RegistrySettings;
import dev.cascade.config.ConfigException;
import dev.cascade.protocol.window.SensorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferConfigFileTest {
    private static final String BASE = """
            infer:
              models:
                vibration: /models/vibration-anomaly-cloud-fft/1
                soil: /models/irrigation-cloud/1
              kafka:
                bootstrap: 127.0.0.1:9092
            """;

    @Test
    void batchingAndCost_default_toTheGlobalPolicyAndPrice() throws Exception {
        CloudConfig c = InferConfigFile.LOADER.parse(BASE, Path.of("/"), Map.of()).value().workers();

        assertThat(c.policy(SensorKind.VIBRATION)).isEqualTo(new BatchPolicy(64, Duration.ofMillis(2)));
        assertThat(c.pricePerInstanceHour()).isEqualTo(0.10);
        assertThat(c.models().get(SensorKind.VIBRATION)).isEqualTo(Path.of("/models/vibration-anomaly-cloud-fft/1"));
    }

    @Test
    void perModelPolicy_replacesTheGlobalOne_forItsKindOnly() throws Exception {
        String yaml = BASE + """
                  max-batch: 32
                  max-queue-delay: 5ms
                  batching:
                    vibration:
                      max-batch: 256
                      max-queue-delay: 1ms
                  cost:
                    price-per-instance-hour: 0.34
                """;

        CloudConfig c = InferConfigFile.LOADER.parse(yaml, Path.of("/"), Map.of()).value().workers();

        assertThat(c.policy(SensorKind.VIBRATION)).isEqualTo(new BatchPolicy(256, Duration.ofMillis(1)));
        assertThat(c.policy(SensorKind.SOIL)).isEqualTo(new BatchPolicy(32, Duration.ofMillis(5)));
        assertThat(c.largestBatch()).isEqualTo(256);
        assertThat(c.pricePerInstanceHour()).isEqualTo(0.34);
    }

    @Test
    void delivery_defaultsToTransactions_andAtLeastOnceIsChosenByName() throws Exception {
        CloudConfig byDefault = InferConfigFile.LOADER.parse(BASE, Path.of("/"), Map.of()).value().workers();
        CloudConfig chosen = InferConfigFile.LOADER.parse(BASE + """
                  delivery: at-least-once
                """, Path.of("/"), Map.of()).value().workers();

        assertThat(byDefault.delivery()).isEqualTo(Delivery.TRANSACTIONAL);
        assertThat(chosen.delivery()).isEqualTo(Delivery.AT_LEAST_ONCE);
        assertThat(chosen.withWorkers(3).delivery()).as("kept by the with* copies").isEqualTo(Delivery.AT_LEAST_ONCE);
    }

    @Test
    void unknownDelivery_isAViolationNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> InferConfigFile.LOADER.parse(BASE + """
                  delivery: exactly-twice
                """, Path.of("/"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("infer.delivery")
                .hasMessageContaining("TRANSACTIONAL|AT_LEAST_ONCE");
    }

    @Test
    void queueDelayOutOfRange_isAViolationNamingTheKey() {
        String yaml = BASE + """
                  batching:
                    soil:
                      max-queue-delay: 20s
                """;

        assertThatThrownBy(() -> InferConfigFile.LOADER.parse(yaml, Path.of("/"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("infer.batching.soil.max-queue-delay");
    }

    @Test
    void routing_sendsHeavyBatchesToTheGpu_onlyWhenOneWasChosen() throws Exception {
        CloudConfig c = InferConfigFile.LOADER.parse(BASE + """
                  onnx:
                    gpu-min-batch: 16
                """, Path.of("/"), Map.of()).value().workers();

        assertThat(c.route(16, true)).isEqualTo("gpu");
        assertThat(c.route(15, true)).isEqualTo("cpu");
        assertThat(c.route(4096, false)).isEqualTo("cpu");
    }

    @Test
    void registry_namesTheModelsOfItsKinds_withItsIntervals_andFeatureThreads() throws Exception {
        CloudConfig c = InferConfigFile.LOADER.parse("""
                infer:
                  models:
                    soil: /models/irrigation-cloud/1
                  registry:
                    dir: /registry
                    poll-interval: 500ms
                    shadow-report-interval: 30s
                    models:
                      vibration: vibration-anomaly-cloud
                  features:
                    threads: 2
                  kafka:
                    bootstrap: 127.0.0.1:9092
                """, Path.of("/"), Map.of()).value().workers();

        assertThat(c.registry()).contains(new RegistrySettings(Path.of("/registry"),
                Map.of(SensorKind.VIBRATION, "vibration-anomaly-cloud"), Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertThat(c.models()).containsOnlyKeys(SensorKind.SOIL);
        assertThat(c.featureThreadCount()).isEqualTo(2);
    }

    @Test
    void featureThreads_default_toTheAvailableCores_andNoRegistry() throws Exception {
        CloudConfig c = InferConfigFile.LOADER.parse(BASE, Path.of("/"), Map.of()).value().workers();

        assertThat(c.featureThreads()).isZero();
        assertThat(c.featureThreadCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.registry()).isEmpty();
    }

    @Test
    void kindInBothModelsAndRegistry_isAViolation() {
        String yaml = BASE + """
                  registry:
                    dir: /registry
                    models:
                      vibration: vibration-anomaly-cloud
                """;

        assertThatThrownBy(() -> InferConfigFile.LOADER.parse(yaml, Path.of("/"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(
                        "infer.models.vibration must be unset when registry.models names the model, was "
                                + "/models/vibration-anomaly-cloud-fft/1");
    }

    @Test
    void registryModelsWithoutDir_isAViolation() {
        String yaml = BASE.replace("    vibration: /models/vibration-anomaly-cloud-fft/1\n", "") + """
                  registry:
                    models:
                      vibration: vibration-anomaly-cloud
                """;

        assertThatThrownBy(() -> InferConfigFile.LOADER.parse(yaml, Path.of("/"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(
                        "infer.registry must be dir and models set together, was registry.models without registry.dir");
    }
}
