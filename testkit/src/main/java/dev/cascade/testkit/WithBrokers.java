package dev.cascade.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real brokers: an in-process MQTT 5 broker and a KRaft Kafka broker, started once per
 * test JVM and shared by every class that asks (inject {@link TestBrokers} as a parameter). Also checks
 * after each test that no MQTT or Kafka client threads were left running.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({BrokersExtension.class, ClientLeakCheck.class})
public @interface WithBrokers {}
