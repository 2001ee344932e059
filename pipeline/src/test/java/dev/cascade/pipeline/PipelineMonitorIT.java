package dev.cascade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestMessages;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9 point 3: the monitor's accounting by id, against a real Kafka. */
@WithBrokers
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PipelineMonitorIT {

    @Test
    void forgedAndRepeatedAcks_areNotCountedAsAcked_andInjectedWindowsDoNotHideLostOnes(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Instant now = Instant.now();
        Command issued = new StopMachine(CommandHeader.caused("stop", DeviceId.of("m-1"), CorrelationId.random(),
                CommandOrigin.CLOUD, now, Duration.ofSeconds(30), now), "anomaly");
        Command forged = new StopMachine(CommandHeader.caused("stop", DeviceId.of("m-1"), CorrelationId.random(),
                CommandOrigin.CLOUD, now, Duration.ofSeconds(30), now), "anomaly");
        Escalation escalated = TestMessages.escalation("m-1", 1);
        Escalation injected = TestMessages.escalation("m-9", 1);
        try (PipelineMonitor monitor = new PipelineMonitor(brokers.kafkaSettings("monitor"), topics, true);
             KafkaProducer<String, byte[]> p = KafkaClients.producer(brokers.kafkaSettings("it"), "test")) {
            WindowLedger ledger = monitor.ledger();
            ledger.sent(escalated.window().correlationId().value());
            ledger.sent("never-arrived");
            // The ack arrives before its command: it waits, then counts once the command shows up.
            p.send(ack(topics, CommandAck.of(issued, AckStatus.EXECUTED, "", now.plusMillis(5)))).get();
            p.send(ack(topics, CommandAck.of(issued, AckStatus.DUPLICATE, "", now.plusMillis(9)))).get();
            p.send(ack(topics, CommandAck.of(forged, AckStatus.EXECUTED, "", now.plusSeconds(5)))).get();
            p.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), "m-1", Codecs.command().encode(issued))).get();
            p.send(escalation(topics, escalated)).get();
            p.send(escalation(topics, injected)).get();

            await(() -> monitor.snapshot().acksTotal() == 2 && monitor.snapshot().escalationRecords() == 2,
                    Duration.ofSeconds(30));
            PipelineMonitor.Snapshot s = monitor.snapshot();

            assertThat(s.acked()).isEqualTo(1);
            assertThat(s.acksTotal()).isEqualTo(2);
            assertThat(s.acksUnknown()).isEqualTo(1);
            assertThat(s.cloudLatency().count()).isEqualTo(1);
            assertThat(s.cloudLatency().max()).isLessThan(1000.0);
            assertThat(s.windows()).isEqualTo(new WindowLedger.Counts(2, 0, 1, 1, 1));
        }
    }

    private static ProducerRecord<String, byte[]> ack(Topics topics, CommandAck a) {
        return new ProducerRecord<>(topics.kafka(Channel.ACKS), a.deviceId().value(), Codecs.commandAck().encode(a));
    }

    private static ProducerRecord<String, byte[]> escalation(Topics topics, Escalation e) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, e.window().correlationId().value().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topics.kafka(Channel.ESCALATIONS), null, e.window().deviceId().value(),
                Codecs.escalation().encode(e), h);
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
