package dev.cascade.dashboard.feed;

import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.ConsumerThread;
import dev.cascade.transport.kafka.CorrelationHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics the dashboard shows (escalations, results, commands, acks, telemetry, alarms) on one thread
 * and hands each decoded record to a {@link FeedSink}: the alarms topic from its beginning (it is compacted: its
 * history), the others from {@code backfill} records before their end per partition. Owns its consumer and
 * thread; must be closed.
 */
public final class KafkaFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaFeed.class);
    static final List<Channel> CHANNELS = List.of(Channel.ESCALATIONS, Channel.RESULTS, Channel.COMMANDS, Channel.ACKS,
            Channel.TELEMETRY, Channel.ALARMS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Channel> byTopic = new HashMap<>();
    private final FeedSink sink;
    private final ConsumerThread thread;

    /** Assigns the partitions and starts reading; the consumer is owned (closed by {@link #close()}). */
    public KafkaFeed(KafkaConsumer<String, byte[]> consumer, Topics topics, FeedSink sink, int backfill,
                     Duration metadataTimeout) {
        this.consumer = consumer;
        this.sink = sink;
        try {
            List<TopicPartition> all = new ArrayList<>();
            List<TopicPartition> alarms = new ArrayList<>();
            for (Channel c : CHANNELS) {
                String topic = topics.kafka(c);
                byTopic.put(topic, c);
                List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
                for (PartitionInfo pi : infos == null ? List.<PartitionInfo>of() : infos) {
                    TopicPartition tp = new TopicPartition(pi.topic(), pi.partition());
                    all.add(tp);
                    if (c == Channel.ALARMS) {
                        alarms.add(tp);
                    }
                }
            }
            consumer.assign(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, metadataTimeout);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(all, metadataTimeout);
            for (TopicPartition tp : all) {
                long from = alarms.contains(tp) ? begins.get(tp) : Math.max(begins.get(tp), ends.get(tp) - backfill);
                consumer.seek(tp, from);
            }
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        this.thread = ConsumerThread.startDaemon("cascade-dashboard-feed", consumer, this::pollOnce, log,
                "dashboard feed stopped");
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            Channel c = byTopic.get(r.topic());
            try (LogContext ignored = LogContext.of(CorrelationHeader.read(r.headers()), r.key())) {
                try {
                    log.debug("{} record at offset {}", c.segment(), r.offset());
                    deliver(c, r);
                } catch (RuntimeException e) {
                    // a view's bug must not stop the feed: log it and go on with the next record
                    log.warn("dashboard could not show a {} record (offset {}): {}", c, r.offset(), e.toString());
                }
            }
        }
    }

    private void deliver(Channel c, ConsumerRecord<String, byte[]> r) {
        switch (c) {
            case ESCALATIONS -> accept(c, r, Codecs.escalation().decode(r.value()), sink::escalation);
            case RESULTS -> accept(c, r, Codecs.inferenceResult().decode(r.value()), sink::result);
            case COMMANDS -> accept(c, r, Codecs.command().decode(r.value()), sink::command);
            case ACKS -> accept(c, r, Codecs.commandAck().decode(r.value()), sink::ack);
            case ALARMS -> {
                if (r.value() != null) { // a tombstone: the alarm was compacted away
                    accept(c, r, Codecs.alarm().decode(r.value()), sink::alarm);
                }
            }
            case TELEMETRY -> {
                TelemetryDecoder.Result t = TelemetryDecoder.decode(r.value(), Instant.ofEpochMilli(r.timestamp()));
                if (t instanceof TelemetryDecoder.Ok ok) {
                    sink.telemetry(ok.heartbeat().deviceId(), ok.heartbeat().at(), ok.heartbeat().model());
                } else {
                    sink.rejected(c, r.key(), r.value(), ((TelemetryDecoder.Bad) t).rejection());
                }
            }
            default -> { }
        }
    }

    private <T> void accept(Channel c, ConsumerRecord<String, byte[]> r, Decoded<T> d, Consumer<T> to) {
        if (d instanceof Decoded.Rejected<T> rej) {
            Rejection why = rej.rejection();
            sink.rejected(c, r.key(), r.value(), why);
        } else {
            to.accept(d.orElseThrow());
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
