package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.worker.InferenceWorkers;
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
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class FatalFailureIT {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void workerFencedByANewerInstance_stopsTheWorkers_andTellsTheFatalHandlerWhy(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        CloudConfig config = CloudConfig.of(brokers.kafkaBootstrap(), topics,
                Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-cloud"))).withInstanceId("fenced-1");
        CompletableFuture<String> fatal = new CompletableFuture<>();
        Machine m = new Machine(MachineSpec.defaults(), 31);
        try (InferenceWorkers workers = InferenceWorkers.start(config, InstantSource.system(), fatal::complete);
             KafkaProducer<String, byte[]> feed = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
             KafkaProducer<String, byte[]> usurper = KafkaClients.transactionalProducer(brokers.kafkaSettings("usurper"),
                     "test", "fenced-1-worker-0")) {
            usurper.initTransactions(); // a newer epoch of the worker's transactional id: the worker is fenced
            for (int i = 0; i < 3; i++) {
                Instant now = Instant.now();
                Escalation e = new Escalation(new SensorWindow(DeviceId.of("m-1"), SensorKind.VIBRATION, 8192, now, i,
                        CorrelationId.random(), now, Samples.of(m.nextWindow())), 1.0f, EscalationReason.UNCERTAIN,
                        new ModelRef("vibration-anomaly-edge", "1"), now);
                feed.send(new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), "m-1", Codecs.escalation().encode(e)))
                        .get(30, TimeUnit.SECONDS);
            }

            String message = fatal.get(45, TimeUnit.SECONDS);

            assertThat(message).startsWith("cloud worker 0 hit a fatal failure, stopping the workers: ")
                    .contains("ProducerFencedException");
            assertThat(workers.problems()).contains(message);
            assertThat(workers.ready()).isFalse();
            assertThat(workers.stats().inferred()).isZero();
        }
    }
}
