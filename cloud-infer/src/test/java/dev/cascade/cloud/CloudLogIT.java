package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.ops.logging.LogContext;
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
import dev.cascade.testkit.logging.JsonLogCapture;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cloud worker's JSON log lines about a window it scored carry that window's correlation id and device. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloudLogIT {

    @Test
    void theLineAboutAScoredWindow_carriesItsCorrelationIdAndDevice(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Instant now = Instant.now();
        Escalation e = new Escalation(new SensorWindow(DeviceId.of("m-log"), SensorKind.VIBRATION, 8192, now, 0,
                CorrelationId.random(), now, Samples.of(new Machine(MachineSpec.defaults(), 5).nextWindow())), 1.0f,
                EscalationReason.UNCERTAIN, new ModelRef("vibration-anomaly-edge", "1"), now);
        CloudConfig config = CloudConfig.of(brokers.kafkaBootstrap(), topics,
                Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-cloud")));
        try (JsonLogCapture logs = JsonLogCapture.start("dev.cascade.cloud", Level.DEBUG);
             InferenceWorkers workers = InferenceWorkers.start(config, InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test")) {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-log", Codecs.escalation().encode(e)))
                    .get(30, TimeUnit.SECONDS);

            JsonNode scored = logs.await(line -> line.path("message").asText().startsWith("vibration scored"),
                    Duration.ofSeconds(45)).orElseThrow();

            assertThat(scored.path(LogContext.CORRELATION_ID).asText()).isEqualTo(e.window().correlationId().value());
            assertThat(scored.path(LogContext.DEVICE_ID).asText()).isEqualTo("m-log");
            assertThat(scored.path("message").asText()).contains("by vibration-anomaly-cloud", "(1 in batch)");
            assertThat(scored.path("thread").asText()).startsWith("cascade-");
        }
    }
}
