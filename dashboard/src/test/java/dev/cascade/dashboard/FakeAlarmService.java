package dev.cascade.dashboard;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Tests only: stands in for the alarm service (task E, in actuators): raises alarms on the alarms topic and turns
 * ACKNOWLEDGE_ALARM / CLEAR_ALARM actions from the operator-actions topic into the alarm's next state. Must be closed.
 */
final class FakeAlarmService implements AutoCloseable {
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Alarm> alarms = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    FakeAlarmService(KafkaSettings kafka, Topics topics) {
        this.topics = topics;
        this.producer = KafkaClients.producer(kafka, "fake-alarms");
        this.consumer = KafkaClients.consumer(kafka, "fake-alarms", "fake-alarms-" + System.nanoTime(), 100);
        String topic = topics.kafka(Channel.OPERATOR_ACTIONS);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.thread = new Thread(this::run, "fake-alarm-service");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes {@code a} as the alarm's state. */
    void publish(Alarm a) throws Exception {
        alarms.put(a.alarmId(), a);
        producer.send(new ProducerRecord<>(topics.kafka(Channel.ALARMS), a.alarmId(), Codecs.alarm().encode(a)))
                .get(30, TimeUnit.SECONDS);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Decoded<OperatorAction> d = Codecs.operatorAction().decode(r.value());
                    if (!d.isAccepted()) {
                        continue;
                    }
                    OperatorAction a = d.orElseThrow();
                    Alarm current = alarms.get(a.target());
                    if (current == null) {
                        continue;
                    }
                    Alarm next = switch (a.action()) {
                        case ACKNOWLEDGE_ALARM -> current.acknowledged(a.operator(), a.note(), DashboardFixtures.now());
                        case CLEAR_ALARM -> current.cleared(a.operator(), a.note(), DashboardFixtures.now());
                        default -> null;
                    };
                    if (next != null) {
                        publish(next);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            throw new IllegalStateException("fake alarm service failed", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(5));
    }
}
