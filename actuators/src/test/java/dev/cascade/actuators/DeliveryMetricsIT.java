package dev.cascade.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.actuators.delivery.DeliveryMetrics;
import dev.cascade.ops.Health;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class DeliveryMetricsIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void metrics_countCommandsInAndOut_pendingAwaitingAcks_andRejectsByReason(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Health health = new Health();
        try (CommandDelivery delivery = CommandDelivery.start(DeliveryConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(),
                topics), Clock.systemUTC());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test")) {
            DeliveryMetrics.bind(delivery, registry);
            DeliveryMetrics.readiness(delivery, health);
            for (int i = 0; i < 3; i++) {
                Instant now = Instant.now();
                Command stop = new StopMachine(CommandHeader.caused("stop", DeviceId.of("press-" + i), CorrelationId.random(),
                        CommandOrigin.CLOUD, now, Duration.ofMinutes(5), now), "anomaly");
                producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-" + i, Codecs.command().encode(stop)))
                        .get(30, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "press-9", "junk".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            // No actuator answers: the three commands stay pending.
            while (delivery.stats().commandsSent() < 3 || delivery.stats().deadLettered() < 1) {
                Thread.sleep(20);
            }
            while (!delivery.ready()) {
                Thread.sleep(20);
            }

            String text = registry.scrape();
            assertThat(text).contains("cascade_actuate_commands_out_total 3.0")
                    .contains("cascade_actuate_pending_commands 3.0")
                    .contains("cascade_actuate_rejects_total{reason=\"malformed\"} 1.0")
                    .contains("cascade_actuate_kafka_consumer_lag_records ");
            assertThat(registry.get("cascade_actuate_commands_in_total").functionCounter().count()).isGreaterThanOrEqualTo(3);
            assertThat(health.ready().ok()).isTrue();
        } finally {
            registry.close();
        }
    }
}
