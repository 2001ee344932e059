package dev.cascade.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@WithBrokers
class InferenceWorkersIT {
    private static final ModelRef EDGE = new ModelRef("vibration-anomaly-edge", "1");

    private static CloudConfig config(TestBrokers brokers, Topics topics) {
        return CloudConfig.of(brokers.kafkaBootstrap(), topics,
                Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-cloud")));
    }

    private static Escalation escalation(String device, long seq, float[] samples) {
        Instant now = Instant.now();
        return new Escalation(new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now, seq,
                CorrelationId.random(), now, Samples.of(samples)), 1.0f, EscalationReason.UNCERTAIN, EDGE, now);
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics t, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(t.kafka(Channel.ESCALATIONS), key, value)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void thirdFaultyWindow_confirmsTheAnomaly_intoAStopCommandAndAnAlert_healthyWindowsOnlyResults(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Machine healthy = new Machine(MachineSpec.defaults(), 21);
        Machine faulty = new Machine(MachineSpec.defaults(), 22);
        faulty.inject(Fault.of(FaultType.BEARING_INNER, 1.0));
        List<Escalation> faultyWindows = List.of(escalation("m-bad", 0, faulty.nextWindow()),
                escalation("m-bad", 1, faulty.nextWindow()), escalation("m-bad", 2, faulty.nextWindow()));
        Escalation bad = faultyWindows.get(2);
        try (InferenceWorkers workers = InferenceWorkers.start(config(brokers, topics), InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
             KafkaProbe results = new KafkaProbe(brokers.kafkaSettings("r"), topics.kafka(Channel.RESULTS));
             KafkaProbe commands = new KafkaProbe(brokers.kafkaSettings("c"), topics.kafka(Channel.COMMANDS));
             KafkaProbe alerts = new KafkaProbe(brokers.kafkaSettings("a"), topics.kafka(Channel.ALERTS))) {
            for (int i = 0; i < 20; i++) {
                send(producer, topics, "m-ok", Codecs.escalation().encode(escalation("m-ok", i, healthy.nextWindow())));
            }
            for (Escalation e : faultyWindows) {
                send(producer, topics, "m-bad", Codecs.escalation().encode(e));
            }

            List<InferenceResult> rs = results.atLeast(23, Duration.ofSeconds(30)).stream()
                    .map(r -> Codecs.inferenceResult().decode(r.value()).orElseThrow()).collect(Collectors.toList());
            Command stop = Codecs.command().decode(commands.atLeast(1, Duration.ofSeconds(30)).get(0).value()).orElseThrow();
            Alert alert = Codecs.alert().decode(alerts.atLeast(1, Duration.ofSeconds(30)).get(0).value()).orElseThrow();

            assertThat(rs).hasSize(23);
            assertThat(rs.stream().filter(r -> r.deviceId().equals(DeviceId.of("m-bad"))))
                    .hasSize(3).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.ANOMALY));
            InferenceResult badResult = rs.stream().filter(r -> r.correlationId().equals(bad.window().correlationId()))
                    .findFirst().orElseThrow();
            assertThat(badResult.correlationId()).isEqualTo(bad.window().correlationId());
            assertThat(badResult.model().name()).isEqualTo("vibration-anomaly-cloud");
            assertThat(rs.stream().filter(r -> r.deviceId().equals(DeviceId.of("m-ok")) && r.verdict() == Verdict.ANOMALY).count())
                    .as("false alarms among 20 healthy windows").isLessThanOrEqualTo(2);
            assertThat(stop).isInstanceOf(StopMachine.class);
            assertThat(stop.header().deviceId()).isEqualTo(DeviceId.of("m-bad"));
            assertThat(stop.header().correlationId()).isEqualTo(bad.window().correlationId());
            assertThat(stop.header().origin()).isEqualTo(CommandOrigin.CLOUD);
            assertThat(stop.header().windowSentAt()).isEqualTo(bad.window().sentAt());
            assertThat(alert).isInstanceOfSatisfying(AnomalyAlert.class, a -> {
                assertThat(a.header().correlationId()).isEqualTo(bad.window().correlationId());
                assertThat(a.machineStopped()).isTrue();
            });
            assertThat(commands.drain(Duration.ofSeconds(1))).hasSize(1);
            assertThat(workers.stats().inferred()).isEqualTo(23);
            assertThat(workers.stats().unconfirmed()).isEqualTo(2);
            assertThat(workers.backends()).containsEntry(SensorKind.VIBRATION, "onnxruntime/cpu");
        }
    }

    @Test
    void sameEscalationTwice_isScoredOnce(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Escalation e = escalation("m-1", 0, new Machine(MachineSpec.defaults(), 23).nextWindow());
        try (InferenceWorkers workers = InferenceWorkers.start(config(brokers, topics), InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
             KafkaProbe results = new KafkaProbe(brokers.kafkaSettings("r"), topics.kafka(Channel.RESULTS))) {
            send(producer, topics, "m-1", Codecs.escalation().encode(e));
            send(producer, topics, "m-1", Codecs.escalation().encode(e));

            results.atLeast(1, Duration.ofSeconds(30));
            awaitEscalations(workers, 2);

            assertThat(results.drain(Duration.ofSeconds(1))).hasSize(1);
            assertThat(workers.stats().duplicates()).isEqualTo(1);
        }
    }

    @Test
    void undecodableAndMisshapenEscalations_goToTheDeadLetterTopic(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (InferenceWorkers workers = InferenceWorkers.start(config(brokers, topics), InstantSource.system());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("ingest"), "test");
             KafkaProbe dead = new KafkaProbe(brokers.kafkaSettings("d"), topics.kafka(Channel.DEAD_LETTER))) {
            send(producer, topics, "m-1", "junk".getBytes(StandardCharsets.UTF_8));
            send(producer, topics, "m-2", Codecs.escalation().encode(escalation("m-2", 0, new float[512])));

            List<ConsumerRecord<String, byte[]>> got = dead.atLeast(2, Duration.ofSeconds(30));

            assertThat(got).extracting(r -> new String(r.headers().lastHeader(Headers.REJECT_DETAIL).value(), StandardCharsets.UTF_8))
                    .anySatisfy(d -> assertThat(d).isEqualTo("Escalation must be an object"))
                    .anySatisfy(d -> assertThat(d).isEqualTo(
                            "window.samples must hold 1024 frames of 1 channel(s) for vibration-anomaly-cloud@1, was 512 of 1"));
            assertThat(workers.stats().deadLettered()).isEqualTo(2);
        }
    }

    private static void awaitEscalations(InferenceWorkers w, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (w.stats().escalations() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(w.stats().escalations()).isEqualTo(n);
    }
}
