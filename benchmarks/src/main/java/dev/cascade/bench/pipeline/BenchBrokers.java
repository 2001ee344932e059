package dev.cascade.bench.pipeline;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import java.util.Optional;

/**
 * The brokers of one phase: the given external ones, or a fresh in-process pair (so that no phase inherits another's
 * sessions, queued messages or consumer groups). Must be closed; closing leaves external brokers alone.
 */
final class BenchBrokers implements AutoCloseable {
    private final EmbeddedMqttBroker mqtt;
    private final EmbeddedKafka kafka;
    private final String mqttUri;
    private final String kafkaBootstrap;

    private BenchBrokers(EmbeddedMqttBroker mqtt, EmbeddedKafka kafka, String mqttUri, String kafkaBootstrap) {
        this.mqtt = mqtt;
        this.kafka = kafka;
        this.mqttUri = mqttUri;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** The external brokers when both are given, else new in-process ones on free ports. */
    static BenchBrokers open(Optional<String> mqttUri, Optional<String> kafkaBootstrap) {
        if (mqttUri.isPresent() && kafkaBootstrap.isPresent()) {
            return new BenchBrokers(null, null, mqttUri.get(), kafkaBootstrap.get());
        }
        EmbeddedMqttBroker m = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withPort(0));
        try {
            EmbeddedKafka k = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0));
            return new BenchBrokers(m, k, m.serverUri(), k.bootstrapServers());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    String mqttUri() {
        return mqttUri;
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            if (mqtt != null) {
                mqtt.close();
            }
        }
    }
}
