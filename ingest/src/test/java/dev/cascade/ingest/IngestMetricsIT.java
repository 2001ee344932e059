package dev.cascade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.ops.Health;
import dev.cascade.ops.OpsServer;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class IngestMetricsIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void metrics_countMessagesInOutAndRejectsByReason_andReadyOnceConnected(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Health health = new Health();
        try (IngestBridge bridge = IngestBridge.start(IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics));
             OpsServer ops = OpsServer.start("127.0.0.1", 0, health, registry);
             MqttProbe edge = new MqttProbe(brokers.mqttSettings("edge"))) {
            IngestMetrics.bind(bridge, registry);
            IngestMetrics.readiness(bridge, health);
            for (int i = 0; i < 5; i++) {
                edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")),
                        Codecs.escalation().encode(TestMessages.escalation("m-1", i)));
            }
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-1")), "not cbor".getBytes(StandardCharsets.UTF_8));
            edge.publish(topics.mqtt(Channel.ESCALATIONS, DeviceId.of("m-2")),
                    Codecs.escalation().encode(TestMessages.escalation("m-1", 9)));
            while (bridge.stats().acknowledged() < 7) {
                Thread.sleep(20);
            }

            HttpResponse<String> metrics = get(ops, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("cascade_ingest_messages_in_total 7.0")
                    .contains("cascade_ingest_messages_out_total 5.0")
                    .contains("cascade_ingest_messages_acknowledged_total 7.0")
                    .contains("cascade_ingest_rejects_total{reason=\"malformed\"} 1.0")
                    .contains("cascade_ingest_rejects_total{reason=\"unauthorized\"} 1.0")
                    .contains("cascade_ingest_rejects_total{reason=\"oversize\"} 0.0")
                    .contains("cascade_ingest_pending_messages 0.0");
            HttpResponse<String> ready = get(ops, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}\n");
        } finally {
            registry.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void ready_isFalseNamingTheCheck_afterTheBridgeDisconnects(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Health health = new Health();
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, health, registry)) {
            IngestBridge bridge = IngestBridge.start(IngestConfig.defaults(brokers.mqttUri(), brokers.kafkaBootstrap(), topics));
            IngestMetrics.readiness(bridge, health);
            assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(200);
            bridge.close();
            HttpResponse<String> r = get(ops, "/health/ready");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\",\"failing\":{\"ingest_mqtt_connected\":[\"not ready\"]}}\n");
        } finally {
            registry.close();
        }
    }

    private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
