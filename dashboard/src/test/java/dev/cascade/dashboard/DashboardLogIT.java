package dev.cascade.dashboard;

import static dev.cascade.testkit.logging.JsonLogCapture.messageContains;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.logging.JsonLogCapture;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's JSON log lines about a record it shows or refuses carry the record's correlation id and device. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardLogIT {

    private static ProducerRecord<String, byte[]> record(Topics topics, String device, String correlationId, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.kafka(Channel.RESULTS), device, value);
        r.headers().add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void linesAboutAResult_andAboutARefusedRecord_carryTheirCorrelationIdAndDevice(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        InferenceResult shown = DashboardFixtures.result("press-3", 1.0f);
        try (JsonLogCapture logs = JsonLogCapture.start("dev.cascade.dashboard", Level.DEBUG);
             Dashboard d = Dashboard.start(DashboardFixtures.options(), brokers.kafkaSettings("dash"), topics, Map::of,
                     new SimpleMeterRegistry(), Clock.systemUTC());
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("infer"), "test")) {
            p.send(record(topics, "press-3", shown.correlationId().value(), Codecs.inferenceResult().encode(shown)))
                    .get(30, TimeUnit.SECONDS);
            p.send(record(topics, "press-4", "corr-not-json", "not json".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);

            JsonNode seen = logs.await(l -> l.path(LogContext.CORRELATION_ID).asText().equals(shown.correlationId().value())
                    && l.path("message").asText().startsWith("results record at offset"), Duration.ofSeconds(30)).orElseThrow();
            JsonNode refused = logs.await(messageContains("dashboard refused a results record"), Duration.ofSeconds(30))
                    .orElseThrow();

            assertThat(seen.path(LogContext.DEVICE_ID).asText()).isEqualTo("press-3");
            assertThat(seen.path("thread").asText()).isEqualTo("cascade-dashboard-feed");
            assertThat(refused.path(LogContext.CORRELATION_ID).asText()).isEqualTo("corr-not-json");
            assertThat(refused.path(LogContext.DEVICE_ID).asText()).isEqualTo("press-4");
            assertThat(refused.path("message").asText()).contains("malformed");
        }
    }
}
