package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9, point 1 in the cloud: an escalation whose samples overflow the features used to kill the only worker. */
@WithBrokers
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CloudRobustnessIT {
    private static final ModelRef EDGE = new ModelRef("vibration-anomaly-edge", "1");

    private static Escalation escalation(String device, long seq, float[] samples) {
        Instant now = Instant.now();
        return new Escalation(new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now, seq,
                CorrelationId.random(), now, Samples.of(samples)), 1.0f, EscalationReason.UNCERTAIN, EDGE, now);
    }

    @Test
    void escalationOfLargeFiniteSamples_isDeadLetteredAsNonFinite_andTheWorkerScoresTheNextOne(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        float[] huge = new float[1024];
        Arrays.fill(huge, 1e20f);
        Escalation ok = escalation("m-ok", 0, new Machine(MachineSpec.defaults(), 31).nextWindow());
        CloudConfig config = CloudConfig.of(brokers.kafkaBootstrap(), topics,
                Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-cloud")));
        try (InferenceWorkers workers = InferenceWorkers.start(config, InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
             KafkaProbe results = new KafkaProbe(brokers.kafkaSettings("r"), topics.kafka(Channel.RESULTS));
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("d"), topics.kafka(Channel.DEAD_LETTER))) {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-huge",
                    Codecs.escalation().encode(escalation("m-huge", 0, huge)))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-ok",
                    Codecs.escalation().encode(ok))).get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, byte[]>> refused = dead.atLeast(1, Duration.ofSeconds(60));
            InferenceResult r = Codecs.inferenceResult().decode(results.atLeast(1, Duration.ofSeconds(60)).get(0).value())
                    .orElseThrow();

            assertThat(new String(refused.get(0).headers().lastHeader(Headers.REJECT_DETAIL).value(), StandardCharsets.UTF_8))
                    .matches("(features|output)\\[\\d+\\] must be finite, was (Infinity|NaN|-Infinity)|score must be finite, was .*");
            assertThat(r.correlationId()).isEqualTo(ok.window().correlationId());
            assertThat(Float.isFinite(r.score())).isTrue();
            assertThat(workers.stats().deadLetteredByReason()).containsEntry(RejectReason.NON_FINITE, 1L);
            assertThat(workers.stats().inferred()).isEqualTo(1);
            assertThat(workers.stats().workerRestarts()).isZero();
            assertThat(workers.problems()).isEmpty();
        }
    }
}
