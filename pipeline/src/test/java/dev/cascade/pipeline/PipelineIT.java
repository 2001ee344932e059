package dev.cascade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.run.Simulation;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The whole pipeline on real brokers: a fault in a simulated machine ends with the machine stopped by the cloud. */
@WithBrokers
class PipelineIT {

    @Test
    void injectedFault_isStoppedThroughTheCloud_withOneCorrelationIdEndToEnd_andNoEscalationLost(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        PipelineOptions options = PipelineOptions.defaults(TestModels.dir()).withTopics(topics)
                .withBrokers(brokers.mqttUri(), brokers.kafkaBootstrap())
                .withPolicy(EscalationPolicy.defaults().withActLocally(false))
                .withTrustedKeys(TestModels.dir().resolveSibling("keys"));
        SimConfig sim = SimConfig.parse("""
                namespace: %s
                seed: 11
                mqtt: {serverUri: %s, connections: 1}
                runner: {workers: 1, jitter: 0.0, clockOffsetStdDev: 0ms, clockDriftPpmStdDev: 0}
                factory: {machines: 4, idPrefix: m-, windowsPerSecond: 10, timeAcceleration: 1}
                farm: {zones: 0}
                events:
                  - at: 2s
                    devices: {prefix: m-0000, share: 1.0}
                    fault: {type: BEARING_OUTER, severity: 1.0, growthPerHour: 0}
                """.formatted(topics.namespace(), brokers.mqttUri()), Path.of("."));

        try (Pipeline pipeline = Pipeline.start(options, InstantSource.system());
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS));
             KafkaProbe commands = new KafkaProbe(brokers.kafkaSettings("commands"), topics.kafka(Channel.COMMANDS));
             KafkaProbe results = new KafkaProbe(brokers.kafkaSettings("results"), topics.kafka(Channel.RESULTS))) {
            Map<PipelineMonitor.LatencyKind, Instant> heard = new ConcurrentHashMap<>();
            pipeline.monitor().addLatencyListener((kind, sentAt, at) -> heard.putIfAbsent(kind, sentAt));
            Simulation simulation = Simulation.start(sim, InstantSource.system(), FleetObserver.NONE);
            CommandAck stopAck;
            try {
                List<ConsumerRecord<String, byte[]>> got = acks.until(rs -> cloudStop(rs).isPresent(), Duration.ofSeconds(60));
                stopAck = cloudStop(got).orElseThrow(() -> new AssertionError("no acknowledged cloud stop within 60 s; "
                        + "edge " + pipeline.edge().stats() + ", cloud " + pipeline.cloud().stats()));
                assertThat(simulation.stats().machinesRunning()).isEqualTo(3);
            } finally {
                simulation.close();
            }

            // The stop command and the anomaly result carry the window's correlation id.
            CorrelationId cid = stopAck.correlationId();
            Command stop = commands.until(rs -> find(rs, cid).isPresent(), Duration.ofSeconds(10)).stream()
                    .map(r -> Codecs.command().decode(r.value()).orElseThrow())
                    .filter(c -> c.header().correlationId().equals(cid)).findFirst().orElseThrow();
            assertThat(stop).isInstanceOf(StopMachine.class);
            assertThat(stop.commandId()).isEqualTo(stopAck.commandId());
            assertThat(stop.header().deviceId().value()).isEqualTo("m-0000");
            InferenceResult anomaly = results.until(rs -> rs.stream().anyMatch(r -> r.key().equals("m-0000")),
                            Duration.ofSeconds(10)).stream()
                    .map(r -> Codecs.inferenceResult().decode(r.value()).orElseThrow())
                    .filter(r -> r.correlationId().equals(cid)).findFirst().orElseThrow();
            assertThat(anomaly.verdict()).isEqualTo(Verdict.ANOMALY);
            assertThat(stopAck.windowSentAt()).isEqualTo(anomaly.windowSentAt());

            // A latency listener hears the cloud's verdicts and acknowledged commands, not edge actions.
            long heardBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!heard.containsKey(PipelineMonitor.LatencyKind.CLOUD_ACK) && System.nanoTime() < heardBy) {
                Thread.sleep(50);
            }
            assertThat(heard).containsKeys(PipelineMonitor.LatencyKind.VERDICT, PipelineMonitor.LatencyKind.CLOUD_ACK)
                    .doesNotContainKeys(PipelineMonitor.LatencyKind.EDGE_ACTION, PipelineMonitor.LatencyKind.EDGE_ACK);

            // Every escalation the edge sent reached Kafka.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (pipeline.monitor().snapshot().escalationsMissing() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            PipelineMonitor.Snapshot s = pipeline.monitor().snapshot();
            assertThat(s.escalationsSent()).isPositive();
            assertThat(s.escalationsMissing()).isZero();
            assertThat(s.escalationsInKafka()).isGreaterThanOrEqualTo(s.escalationsSent());
            assertThat(pipeline.edge().stats().localActions()).isZero();
        }
    }

    private static Optional<CommandAck> cloudStop(List<ConsumerRecord<String, byte[]>> rs) {
        return rs.stream().map(r -> Codecs.commandAck().decode(r.value()).orElseThrow())
                .filter(a -> a.origin() == CommandOrigin.CLOUD && a.commandType().equals(StopMachine.TYPE)
                        && a.status() == AckStatus.EXECUTED)
                .findFirst();
    }

    private static Optional<ConsumerRecord<String, byte[]>> find(List<ConsumerRecord<String, byte[]>> rs, CorrelationId cid) {
        return rs.stream().filter(r -> Codecs.command().decode(r.value()).orElseThrow().header().correlationId().equals(cid))
                .findFirst();
    }
}
