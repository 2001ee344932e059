package dev.cascade.ingest;

import static dev.cascade.testkit.logging.JsonLogCapture.messageContains;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.logging.JsonLogCapture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ingest's JSON log lines about an escalation carry that escalation's correlation id and device. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IngestLogIT {

    @Test
    void linesAboutAnEscalation_carryItsCorrelationIdAndDevice_andLinesAboutTheNextCarryTheNext(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        Escalation spoofed = TestMessages.escalation("m-2", 1);
        Escalation fine = TestMessages.escalation("m-1", 2);
        try (JsonLogCapture logs = JsonLogCapture.start("dev.cascade.ingest", Level.DEBUG);
             IngestBridge bridge = IngestBridge.start(IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics));
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(spoofed));
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), Codecs.escalation().encode(fine));

            JsonNode refused = logs.await(messageContains("refused message on"), Duration.ofSeconds(30)).orElseThrow();
            JsonNode written = logs.await(messageContains("escalation (uncertain) to Kafka"), Duration.ofSeconds(30))
                    .orElseThrow();

            assertThat(refused.path("message").asText()).contains("window.deviceId m-2 must match the topic's device m-1");
            assertThat(refused.path(LogContext.CORRELATION_ID).asText()).isEqualTo(spoofed.window().correlationId().value());
            assertThat(refused.path(LogContext.DEVICE_ID).asText()).isEqualTo("m-2");
            assertThat(refused.path("level").asText()).isEqualTo("DEBUG");
            assertThat(refused.path("logger").asText()).isEqualTo(IngestBridge.class.getName());
            assertThat(written.path(LogContext.CORRELATION_ID).asText()).isEqualTo(fine.window().correlationId().value());
            assertThat(written.path(LogContext.DEVICE_ID).asText()).isEqualTo("m-1");
            assertThat(bridge.stats().decoded()).isEqualTo(2);
        }
    }
}
