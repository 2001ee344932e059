package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.ops.Health;
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
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class EdgeMetricsIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void metrics_countWindowsAndRejects_andTimeEachDecision_andReadyOnceStarted(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        EdgeConfig config = EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics,
                        Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-edge")))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Health health = new Health();
        Machine healthy = new Machine(MachineSpec.defaults(), 7);
        try (EdgeAgent agent = EdgeAgent.start(config, InstantSource.system(), EdgeMetrics.observer(registry, InstantSource.system()));
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            EdgeMetrics.bind(agent, registry);
            EdgeMetrics.readiness(agent, health);
            for (int i = 0; i < 10; i++) {
                Instant now = Instant.now();
                sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-ok")), Codecs.sensorWindow().encode(
                        new SensorWindow(DeviceId.of("m-ok"), SensorKind.VIBRATION, 8192, now, i, CorrelationId.random(), now,
                                Samples.of(healthy.nextWindow()))));
            }
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-ok")), "junk".getBytes(StandardCharsets.UTF_8));
            while (agent.stats().windows() < 11 || agent.stats().rejected() + agent.stats().decidedLocally()
                    + agent.stats().escalatedTotal() < 11) {
                Thread.sleep(20);
            }

            String text = registry.scrape();
            assertThat(text).contains("cascade_edge_windows_in_total 11.0")
                    .contains("cascade_edge_windows_rejected_total 1.0")
                    .contains("cascade_edge_escalations_total{reason=\"uncertain\"} " + (double) agent.stats().escalated()
                            .get(dev.cascade.protocol.escalation.EscalationReason.UNCERTAIN))
                    .contains("cascade_edge_decision_latency_seconds_bucket{decision=\"normal\",kind=\"vibration\",le=");
            long timed = registry.find("cascade_edge_decision_latency_seconds").timers().stream().mapToLong(Timer::count).sum();
            assertThat(timed).as("one timing per decided window").isEqualTo(10);
            assertThat(health.ready().ok()).isTrue();
        } finally {
            registry.close();
        }
        assertThat(health.ready().failing()).containsOnlyKeys("edge_agent");
    }
}
