package dev.cascade.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.ConsumerLag;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class ConsumerLagIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void lag_isTheRecordsNotYetConsumed_summedOverPartitions(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        String topic = topics.kafka(Channel.ESCALATIONS);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("p"), "test")) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", new byte[] {(byte) i})).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(brokers.kafkaSettings("c"), "test", "lag-it", 1)) {
            assertThat(ConsumerLag.records(consumer)).as("before any fetch").isZero();
            consumer.subscribe(List.of(topic));
            int got = 0;
            while (got == 0) {
                got = consumer.poll(Duration.ofMillis(100)).count();
            }
            assertThat(got).isEqualTo(1);
            assertThat(ConsumerLag.records(consumer)).isEqualTo(9);
        }
    }
}
