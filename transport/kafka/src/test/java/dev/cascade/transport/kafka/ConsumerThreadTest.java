package dev.cascade.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The loop's lifecycle on Kafka's own in-memory consumer; the roles that use it run it against a real broker. */
@Timeout(30)
class ConsumerThreadTest {
    private static final TopicPartition TP = new TopicPartition("cascade.v1.results", 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> seen = new CopyOnWriteArrayList<>();

    ConsumerThreadTest() {
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(10))) {
            seen.add(r.key());
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void records_polledOnTheThread_reachTheTurn() throws Exception {
        try (ConsumerThread t = ConsumerThread.start("test-consumer", consumer, this::pollOnce,
                LoggerFactory.getLogger(ConsumerThreadTest.class), "test loop stopped")) {
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), 0, 0L, "dev-1", new byte[0]));
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), 0, 1L, "dev-2", new byte[0]));
            awaitTrue(() -> seen.size() == 2);
            assertThat(seen).containsExactly("dev-1", "dev-2");
            assertThat(t.alive()).isTrue();
        }
    }

    @Test
    void close_wakesThePoll_endsTheThreadAndClosesTheConsumer() {
        ConsumerThread t = ConsumerThread.start("test-consumer", consumer, this::pollOnce,
                LoggerFactory.getLogger(ConsumerThreadTest.class), "test loop stopped");
        t.close();
        assertThat(t.alive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void turn_thatThrows_endsTheLoopAndClosesTheConsumer() throws Exception {
        ConsumerThread t = ConsumerThread.startDaemon("test-consumer", consumer, () -> {
            throw new IllegalStateException("boom");
        }, LoggerFactory.getLogger(ConsumerThreadTest.class), "test loop stopped");
        awaitTrue(() -> !t.alive());
        assertThat(t.alive()).isFalse();
        assertThat(consumer.closed()).isTrue();
        t.close();
    }

    @Test
    void start_withBlankName_isRefused() {
        assertThatThrownBy(() -> ConsumerThread.start(" ", consumer, this::pollOnce,
                LoggerFactory.getLogger(ConsumerThreadTest.class), "stopped"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be non-blank, was  ");
    }
}
