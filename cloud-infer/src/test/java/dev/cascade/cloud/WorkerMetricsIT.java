package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.cloud.worker.WorkerMetrics;
import dev.cascade.ops.Health;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class WorkerMetricsIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void metrics_countEscalationsInferencesAndRejectsByReason_andReadyOnceTheGroupIsJoined(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        CloudConfig config = CloudConfig.of(brokers.kafkaBootstrap(), topics,
                Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-cloud")));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Health health = new Health();
        Machine healthy = new Machine(MachineSpec.defaults(), 21);
        try (InferenceWorkers workers = InferenceWorkers.start(config, InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test")) {
            WorkerMetrics.bind(workers, registry);
            WorkerMetrics.readiness(workers, health);
            for (int i = 0; i < 5; i++) {
                Instant now = Instant.now();
                Escalation e = new Escalation(new SensorWindow(DeviceId.of("m-ok"), SensorKind.VIBRATION, 8192, now, i,
                        CorrelationId.random(), now, Samples.of(healthy.nextWindow())), 1.0f, EscalationReason.UNCERTAIN,
                        new ModelRef("vibration-anomaly-edge", "1"), now);
                producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-ok", Codecs.escalation().encode(e)))
                        .get(30, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-1", "junk".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            while (workers.stats().inferred() < 5 || workers.stats().deadLettered() < 1) {
                Thread.sleep(20);
            }
            while (!workers.ready()) {
                Thread.sleep(20);
            }

            String text = registry.scrape();
            assertThat(text).contains("cascade_infer_escalations_in_total 6.0")
                    .contains("cascade_infer_windows_inferred_total 5.0")
                    .contains("cascade_infer_rejects_total{reason=\"malformed\"} 1.0")
                    .contains("cascade_infer_rejects_total{reason=\"oversize\"} 0.0")
                    .contains("cascade_infer_kafka_consumer_lag_records ")
                    .contains("cascade_infer_models_loaded{backend=\"" + workers.backends().get(SensorKind.VIBRATION)
                            + "\",kind=\"vibration\"} 1.0");
            assertThat(registry.get("cascade_infer_batch_latency_p50_seconds").gauge().value()).isPositive();
            assertThat(text).contains("cascade_infer_model_live_workers{kind=\"vibration\",model=\"vibration-anomaly-cloud\",version=\""
                    + workers.liveModels().get(SensorKind.VIBRATION).version() + "\"} 1.0");
            // every committed window's result was acknowledged before its transaction committed
            assertThat(workers.producedLatencyMicros().getTotalCount()).isEqualTo(5);
            assertThat(workers.producedLatencyMicros().getMaxValue()).isLessThanOrEqualTo(
                    workers.addedLatencyMicros().getMaxValue());
            assertThat(workers.firstInferenceSeconds()).isPositive().isLessThanOrEqualTo(workers.firstCommitSeconds());
            assertThat(registry.get("cascade_infer_produced_latency_p99_seconds").gauge().value()).isPositive();
            assertThat(registry.get("cascade_infer_first_commit_seconds").gauge().value()).isPositive();
            assertThat(health.ready().ok()).isTrue();
        } finally {
            registry.close();
        }
    }
}
