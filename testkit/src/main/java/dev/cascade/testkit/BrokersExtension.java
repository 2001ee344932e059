package dev.cascade.testkit;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Starts the shared brokers once per JVM (closed when the run ends) and injects {@link TestBrokers}. */
final class BrokersExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BrokersExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        brokers(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestBrokers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return brokers(c);
    }

    private static TestBrokers brokers(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("brokers", k -> new Shared(), Shared.class).brokers;
    }

    /** Closed by JUnit at the end of the run. */
    static final class Shared implements AutoCloseable {
        final EmbeddedMqttBroker mqtt;
        final EmbeddedKafka kafka;
        final TestBrokers brokers;

        Shared() {
            EmbeddedMqttBroker m = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
            try {
                this.kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults());
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
            this.mqtt = m;
            this.brokers = new TestBrokers(mqtt, kafka);
        }

        @Override
        public void close() {
            try {
                kafka.close();
            } finally {
                mqtt.close();
            }
        }
    }
}
