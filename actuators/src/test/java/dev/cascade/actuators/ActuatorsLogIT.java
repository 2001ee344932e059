package dev.cascade.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.logging.JsonLogCapture;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The delivery bridge's JSON log lines about a command carry the command's correlation id and device. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActuatorsLogIT {

    @Test
    void theWarningAboutAnExpiredCommand_carriesItsCorrelationIdAndDevice(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Instant sent = Instant.now().minusSeconds(60);
        StopMachine stale = new StopMachine(CommandHeader.caused("log-it", DeviceId.of("press-9"), CorrelationId.random(),
                CommandOrigin.CLOUD, sent, Duration.ofSeconds(1), sent), "anomaly confirmed");
        try (JsonLogCapture logs = JsonLogCapture.start("dev.cascade.actuators", Level.INFO);
             CommandDelivery delivery = CommandDelivery.start(
                     DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-9", Codecs.command().encode(stale)))
                    .get(30, TimeUnit.SECONDS);

            JsonNode warned = logs.await(line -> line.path("message").asText().contains(stale.commandId().value()),
                    Duration.ofSeconds(30)).orElseThrow();

            assertThat(warned.path("level").asText()).isEqualTo("WARN");
            assertThat(warned.path("message").asText()).contains("expired");
            assertThat(warned.path(LogContext.CORRELATION_ID).asText()).isEqualTo(stale.header().correlationId().value());
            assertThat(warned.path(LogContext.DEVICE_ID).asText()).isEqualTo("press-9");
        }
    }
}
