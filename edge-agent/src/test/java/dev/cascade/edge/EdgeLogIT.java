package dev.cascade.edge;

import static dev.cascade.testkit.logging.JsonLogCapture.messageContains;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.logging.JsonLogCapture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edge agent's JSON log lines about a window carry that window's correlation id and the device that sent it. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeLogIT {

    private static SensorWindow window(String device, Instant sentAt) {
        return new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, sentAt, 0, CorrelationId.random(), sentAt,
                Samples.of(new Machine(MachineSpec.defaults(), 3).nextWindow()));
    }

    @Test
    void refusalsOfTwoWindows_eachCarryTheirOwnCorrelationId_andTheSendingDevice(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        EdgeConfig config = EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics,
                        Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-edge")))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0));
        SensorWindow foreign = window("m-bad", Instant.now());
        SensorWindow stale = window("m-old", Instant.now().minus(Duration.ofMinutes(20)));
        try (JsonLogCapture logs = JsonLogCapture.start("dev.cascade.edge", Level.INFO);
             EdgeAgent agent = EdgeAgent.start(config, InstantSource.system(), EdgeObserver.NONE);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-2")), Codecs.sensorWindow().encode(foreign));
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-old")), Codecs.sensorWindow().encode(stale));

            JsonNode first = logs.await(messageContains("foreign_device"), Duration.ofSeconds(30)).orElseThrow();
            JsonNode second = logs.await(messageContains("m-old: stale"), Duration.ofSeconds(30)).orElseThrow();

            assertThat(first.path("level").asText()).isEqualTo("WARN");
            assertThat(first.path(LogContext.CORRELATION_ID).asText()).isEqualTo(foreign.correlationId().value());
            assertThat(first.path(LogContext.DEVICE_ID).asText()).isEqualTo("m-2");
            assertThat(second.path(LogContext.CORRELATION_ID).asText()).isEqualTo(stale.correlationId().value());
            assertThat(second.path(LogContext.DEVICE_ID).asText()).isEqualTo("m-old");
            assertThat(agent.stats().rejected()).isEqualTo(2);
        }
    }
}
