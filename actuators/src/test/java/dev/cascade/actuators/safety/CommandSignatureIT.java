package dev.cascade.actuators.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.CommandSignature;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.PublishOptions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Commands authenticated end to end: the bridge signs, simulated devices that trust its key refuse anything else. */
@WithBrokers
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommandSignatureIT {

    private static void publish(MqttConnection c, Topics topics, StopMachine cmd, Map<String, String> props) throws Exception {
        PublishOptions o = PublishOptions.contentType(Codecs.command().contentType());
        for (Map.Entry<String, String> e : props.entrySet()) {
            o = o.withUserProperty(e.getKey(), e.getValue());
        }
        c.publish(topics.mqtt(Channel.COMMANDS, cmd.header().deviceId()), Codecs.command().encode(cmd), 1, o)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void signedByTheBridge_isExecuted_unsignedOrForgedOnTheCommandTopic_isRefusedByTheDevice(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        KeyPair bridgeKey = CommandSignature.generate();
        KeyPair attackerKey = CommandSignature.generate();
        CommandSignature.Verifier trust = new CommandSignature.Verifier(Map.of("bridge-1", bridgeKey.getPublic()));
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-1"), List.of(), Optional.of(trust));
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             CommandDelivery delivery = CommandDelivery.start(CommandSafetyIT.bridge(brokers, topics,
                     CommandSafetyIT.unique("bridge"), "g").withSigner(new CommandSignature.Signer("bridge-1",
                     bridgeKey.getPrivate())), Clock.systemUTC());
             MqttConnection attacker = MqttConnection.open(brokers.mqttSettings("attacker"))) {
            StopMachine unsigned = CommandSafetyIT.stop("machine-1");
            StopMachine forged = CommandSafetyIT.stop("machine-1");
            StopMachine unknownKey = CommandSafetyIT.stop("machine-1");
            publish(attacker, topics, unsigned, Map.of());
            publish(attacker, topics, forged, new CommandSignature.Signer("bridge-1", attackerKey.getPrivate())
                    .properties(Codecs.command().encode(forged)));
            publish(attacker, topics, unknownKey, new CommandSignature.Signer("attacker", attackerKey.getPrivate())
                    .properties(Codecs.command().encode(unknownKey)));

            CommandAck u = site.ackOf(unsigned.commandId());
            CommandAck f = site.ackOf(forged.commandId());
            CommandAck k = site.ackOf(unknownKey.commandId());
            assertThat(List.of(u, f, k)).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(AckStatus.REJECTED);
                assertThat(a.rule()).isEqualTo("signature");
            });
            assertThat(u.detail()).isEqualTo("cascade-sig and cascade-key must be present, was unsigned");
            assertThat(f.detail()).isEqualTo("cascade-sig must verify with key bridge-1 over the payload, was forged");
            assertThat(k.detail()).isEqualTo("cascade-key must be a trusted key id, was attacker");
            assertThat(site.log.executions()).isEmpty();

            StopMachine genuine = CommandSafetyIT.stop("machine-1");
            CommandSafetyIT.send(producer, topics, genuine);
            assertThat(site.ackOf(genuine.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
            assertThat(site.log.executions()).extracting(CommandAck::commandId).containsExactly(genuine.commandId());
        }
    }

    @Test
    void resumeNotByAnOperator_publishedStraightToTheMachine_isRefusedByTheMachine(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (SimulatedSite site = new SimulatedSite(brokers, topics, List.of("machine-2"), List.of(), Optional.empty());
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             CommandDelivery delivery = CommandDelivery.start(CommandSafetyIT.bridge(brokers, topics,
                     CommandSafetyIT.unique("bridge"), "g"), Clock.systemUTC());
             MqttConnection edge = MqttConnection.open(brokers.mqttSettings("edge"))) {
            StopMachine stop = CommandSafetyIT.stop("machine-2");
            CommandSafetyIT.send(producer, topics, stop);
            assertThat(site.ackOf(stop.commandId()).status()).isEqualTo(AckStatus.EXECUTED);
            ResumeMachine edgeResume = new ResumeMachine(CommandSafetyIT.header("machine-2", CommandOrigin.EDGE,
                    Duration.ofSeconds(30)), "cooldown over");
            edge.publish(topics.mqtt(Channel.COMMANDS, DeviceId.of("machine-2")), Codecs.command().encode(edgeResume), 1,
                    PublishOptions.contentType(Codecs.command().contentType())).get(10, TimeUnit.SECONDS);

            CommandAck ack = site.ackOf(edgeResume.commandId());

            assertThat(ack.status()).isEqualTo(AckStatus.REJECTED);
            assertThat(ack.rule()).isEqualTo("resume_requires_operator");
            assertThat(ack.detail()).isEqualTo("a stop can only be lifted by an operator: origin must be operator with the"
                    + " operator named, was edge (no operator)");
            assertThat(site.fleet.stats().machinesRunning()).isZero();
        }
    }
}
