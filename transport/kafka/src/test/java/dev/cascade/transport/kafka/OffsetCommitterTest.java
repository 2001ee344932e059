package dev.cascade.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The commit schedule alone; the consumers that use it run against a real broker in their roles' ITs. */
class OffsetCommitterTest {
    private static final TopicPartition TP = new TopicPartition("cascade.v1.escalations", 0);

    private final AtomicLong nanos = new AtomicLong();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final OffsetCommitter committer = new OffsetCommitter(consumer, Duration.ofMillis(100), nanos::get);

    OffsetCommitterTest() {
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
    }

    private void pollRecords(long from, int n) {
        for (long o = from; o < from + n; o++) {
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), 0, o, "k", new byte[0]));
        }
        consumer.poll(Duration.ZERO);
    }

    private Long committed() {
        OffsetAndMetadata m = consumer.committed(Set.of(TP)).get(TP);
        return m == null ? null : m.offset();
    }

    @Test
    void handledBatches_areCommittedOncePerInterval() {
        pollRecords(0, 3);
        committer.processed();
        assertThat(committed()).as("nothing before the first interval").isNull();

        nanos.addAndGet(Duration.ofMillis(60).toNanos());
        pollRecords(3, 2);
        committer.processed();
        assertThat(committed()).isNull();

        nanos.addAndGet(Duration.ofMillis(60).toNanos());
        pollRecords(5, 1);
        committer.processed();
        assertThat(committed()).as("every handled record, once 100 ms have passed").isEqualTo(6L);

        pollRecords(6, 4);
        committer.processed();
        assertThat(committed()).as("the next commit waits another interval").isEqualTo(6L);
    }

    @Test
    void revokedPartitionsAndClosing_commitWhatWasHandled() {
        pollRecords(0, 5);
        committer.processed();
        committer.onPartitionsRevoked(List.of(TP));
        assertThat(committed()).isEqualTo(5L);

        pollRecords(5, 2);
        committer.processed();
        committer.flush();
        assertThat(committed()).isEqualTo(7L);
    }
}
