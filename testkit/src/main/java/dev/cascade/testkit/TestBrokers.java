package dev.cascade.testkit;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import dev.cascade.transport.mqtt.MqttSettings;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared brokers of a test run, and fresh namespaces so that tests never see each other's traffic. */
public final class TestBrokers {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final EmbeddedMqttBroker mqtt;
    private final EmbeddedKafka kafka;

    TestBrokers(EmbeddedMqttBroker mqtt, EmbeddedKafka kafka) {
        this.mqtt = mqtt;
        this.kafka = kafka;
    }

    public EmbeddedMqttBroker mqtt() {
        return mqtt;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public String mqttUri() {
        return mqtt.serverUri();
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** A namespace no other test uses, with its Kafka topics created (2 partitions each). */
    public Topics newTopics() {
        Topics t = new Topics("t" + NAMESPACES.incrementAndGet() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)));
        TopicProvisioner.ensure(kafkaSettings("provisioner"), t, 2, (short) 1);
        return t;
    }

    public KafkaSettings kafkaSettings(String clientId) {
        return KafkaSettings.of(kafkaBootstrap(), clientId);
    }

    /** Settings for a client with a unique id derived from {@code name}. */
    public MqttSettings mqttSettings(String name) {
        return MqttSettings.of(mqttUri(), name + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
    }
}
