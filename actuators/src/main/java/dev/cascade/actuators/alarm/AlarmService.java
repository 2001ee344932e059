package dev.cascade.actuators.alarm;

import dev.cascade.actuators.notify.Notifier;
import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.kafka.CorrelationHeader;
import dev.cascade.transport.kafka.ConsumerLag;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the alerts on Kafka into alarms people can act on: reads alerts, operator actions, results, acks and
 * telemetry (results, telemetry and the devices' own acknowledgements show a device alive), keeps an {@link AlarmBook}, writes every state change to the compacted alarms topic (key: alarm id) and
 * hands notifications to a {@link Notifier}. At start it takes back every alarm that is not closed from the alarms
 * topic, so a restart keeps open alarms; offsets of its inputs are committed after the states they made are on
 * Kafka. Undecodable alerts and operator actions are dead-lettered and counted. One thread; must be closed (it does
 * not close the notifier).
 */
public final class AlarmService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmService.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /** Offsets are committed at most this often, each time after every state written before is on Kafka. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private final AlarmServiceConfig config;
    private final Topics topics;
    private final Clock clock;
    private final Notifier notifier;
    private final AlarmBook book;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetters deadLetters;
    private final Thread thread;
    private final int restored;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile Throwable failure;
    private volatile int activeAlarms;
    private volatile int openAlarms;
    private volatile long lag;
    private final Map<Channel, LongAdder> inputs = new EnumMap<>(Channel.class);
    private final Map<AlarmEvent, LongAdder> events = new EnumMap<>(AlarmEvent.class);
    private final LongAdder notificationsQueued = new LongAdder();
    private final Map<dev.cascade.protocol.alert.Severity, LongAdder> notifyingBySeverity =
            new EnumMap<>(dev.cascade.protocol.alert.Severity.class);
    private final LongAdder internalErrors = new LongAdder();
    /** Offsets of records handled whose states may not be on Kafka yet (service thread only). */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommitNanos = System.nanoTime();

    private AlarmService(AlarmServiceConfig config, Notifier notifier, Clock clock) {
        this.config = config;
        this.topics = config.topics();
        this.clock = clock;
        this.notifier = notifier;
        this.book = new AlarmBook(config.policy());
        for (Channel c : inputChannels()) {
            inputs.put(c, new LongAdder());
        }
        for (AlarmEvent e : AlarmEvent.values()) {
            events.put(e, new LongAdder());
        }
        for (dev.cascade.protocol.alert.Severity sv : dev.cascade.protocol.alert.Severity.values()) {
            notifyingBySeverity.put(sv, new LongAdder());
        }
        KafkaSettings ks = config.kafka().withDefaults(Map.of("max.block.ms", "10000"));
        KafkaProducer<String, byte[]> p = null;
        KafkaConsumer<String, byte[]> c = null;
        try {
            Map<String, Alarm> history = AlarmHistory.latest(ks, topics, RESTORE_TIMEOUT, null);
            history.values().forEach(book::restore);
            this.restored = book.open().size();
            p = KafkaClients.producer(ks, "alarms");
            c = KafkaClients.consumer(ks, "alarms", config.group(), 500);
            List<String> names = new ArrayList<>();
            for (Channel ch : inputChannels()) {
                names.add(topics.kafka(ch));
            }
            c.subscribe(names, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> parts) {}

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> parts) {
                    assigned = true;
                }
            });
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (p != null) {
                p.close();
            }
            throw e;
        }
        this.producer = p;
        this.consumer = c;
        this.deadLetters = new DeadLetters(producer, topics, "actuators");
        this.activeAlarms = book.activeCount();
        this.openAlarms = restored;
        this.thread = new Thread(this::run, "cascade-actuate-alarms");
        thread.setDaemon(true);
        thread.start();
        log.info("alarm service up: {} open alarms taken back from {}", restored, topics.kafka(Channel.ALARMS));
    }

    /** Takes back the open alarms from the alarms topic, then starts reading. */
    public static AlarmService start(AlarmServiceConfig config, Notifier notifier, Clock clock) {
        return new AlarmService(config, notifier, clock);
    }

    private static List<Channel> inputChannels() {
        return List.of(Channel.ALERTS, Channel.OPERATOR_ACTIONS, Channel.RESULTS, Channel.ACKS, Channel.TELEMETRY);
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                loopOnce();
                backoff = Duration.ofMillis(200);
            } catch (WakeupException e) {
                if (running) {
                    failure = e;
                }
            } catch (RuntimeException | Error e) {
                if (!running) {
                    break;
                }
                failure = e;
                log.error("alarm service loop failed; going on in {}", backoff, e);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
        try {
            if (!uncommitted.isEmpty()) {
                commit(true);
            }
        } catch (RuntimeException e) {
            log.warn("last offset commit failed (the records will be read again): {}", e.toString());
        }
    }

    private void loopOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        Instant now = clock.instant();
        List<AlarmChange> changes = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try (LogContext ignored = LogContext.of(CorrelationHeader.read(r.headers()), r.key())) {
                try {
                    changes.addAll(handle(r, now));
                } catch (RuntimeException e) {
                    internalErrors.increment();
                    log.error("record {}-{}@{} failed", r.topic(), r.partition(), r.offset(), e);
                }
            }
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        changes.addAll(book.tick(now));
        for (AlarmChange ch : changes) {
            events.get(ch.event()).increment();
            if (ch.event().notifies()) {
                notifyingBySeverity.get(ch.alarm().severity()).increment();
            }
            if (ch.event().changesState()) {
                Alarm a = ch.alarm();
                producer.send(new ProducerRecord<>(topics.kafka(Channel.ALARMS), a.alarmId(), Codecs.alarm().encode(a)));
            }
            notificationsQueued.add(notifier.submit(ch, now).size());
        }
        uncommitted.putAll(offsets);
        if (!uncommitted.isEmpty() && System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
            commit(false);
        }
        activeAlarms = book.activeCount();
        openAlarms = book.open().size();
        lag = ConsumerLag.records(consumer);
        failure = null;
    }

    private void commit(boolean sync) {
        producer.flush();
        Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>(uncommitted);
        uncommitted.clear();
        lastCommitNanos = System.nanoTime();
        if (sync) {
            try {
                consumer.commitSync(o);
            } catch (WakeupException e) {
                // close() woke the consumer after the last poll: the wake-up is spent now, commit again.
                consumer.commitSync(o);
            }
        } else {
            consumer.commitAsync(o, (done, e) -> {
                if (e != null) {
                    log.warn("offset commit failed (the records will be read again): {}", e.toString());
                }
            });
        }
    }

    private List<AlarmChange> handle(ConsumerRecord<String, byte[]> r, Instant now) {
        String t = r.topic();
        if (t.equals(topics.kafka(Channel.ALERTS))) {
            inputs.get(Channel.ALERTS).increment();
            Decoded<Alert> d = Codecs.alert().decode(r.value() == null ? new byte[0] : r.value());
            if (d instanceof Decoded.Rejected<Alert> rej) {
                deadLetters.route(t, r.key(), r.value(), rej.rejection());
                return List.of();
            }
            return book.alert(d.orElseThrow(), now);
        }
        if (t.equals(topics.kafka(Channel.OPERATOR_ACTIONS))) {
            inputs.get(Channel.OPERATOR_ACTIONS).increment();
            Decoded<OperatorAction> d = Codecs.operatorAction().decode(r.value() == null ? new byte[0] : r.value());
            if (d instanceof Decoded.Rejected<OperatorAction> rej) {
                deadLetters.route(t, r.key(), r.value(), rej.rejection());
                return List.of();
            }
            return book.operator(d.orElseThrow(), now);
        }
        if (t.equals(topics.kafka(Channel.RESULTS))) {
            inputs.get(Channel.RESULTS).increment();
            Optional<InferenceResult> res = r.value() == null ? Optional.empty()
                    : Codecs.inferenceResult().decode(r.value()).value();
            return res.map(x -> book.result(x, now)).orElse(List.of());
        }
        if (t.equals(topics.kafka(Channel.ACKS))) {
            inputs.get(Channel.ACKS).increment();
            Optional<CommandAck> ack = r.value() == null ? Optional.empty() : Codecs.commandAck().decode(r.value()).value();
            return ack.filter(AlarmService::fromDevice).map(a -> book.seen(a.deviceId(), Optional.empty(), now))
                    .orElse(List.of());
        }
        inputs.get(Channel.TELEMETRY).increment();
        Optional<DeviceId> device = device(r.key());
        return device.map(d -> book.seen(d, Optional.empty(), now)).orElse(List.of());
    }

    /**
     * Whether an acknowledgement shows its device alive: not one the bridge wrote on a silent actuator's behalf
     * (expired for want of an answer, or marked as answered by the bridge).
     */
    static boolean fromDevice(CommandAck ack) {
        return ack.status() != AckStatus.EXPIRED && !ack.detail().contains("[answered by actuators bridge]");
    }

    private static Optional<DeviceId> device(String key) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceId.of(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Alarms taken back from the topic at start. */
    public int restored() {
        return restored;
    }

    /** Alarms whose condition is present now. */
    public int activeAlarms() {
        return activeAlarms;
    }

    /** Alarms not yet closed (active, or cleared but not acknowledged). */
    public int openAlarms() {
        return openAlarms;
    }

    /** Records read, by input channel. */
    public Map<Channel, Long> inputs() {
        Map<Channel, Long> m = new EnumMap<>(Channel.class);
        inputs.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Changes made, by event. */
    public Map<AlarmEvent, Long> events() {
        Map<AlarmEvent, Long> m = new EnumMap<>(AlarmEvent.class);
        events.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * Changes a person would be told of (raised, severity up, escalated, reminder, cleared) by the alarm's severity: what
     * a route taking every severity would send, whatever routes are configured.
     */
    public Map<dev.cascade.protocol.alert.Severity, Long> notifyingEvents() {
        Map<dev.cascade.protocol.alert.Severity, Long> m = new EnumMap<>(dev.cascade.protocol.alert.Severity.class);
        notifyingBySeverity.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Notifications handed to channels (one per channel). */
    public long notificationsQueued() {
        return notificationsQueued.sum();
    }

    /** Undecodable alerts and operator actions, dead-lettered, by reason. */
    public Map<RejectReason, Long> rejections() {
        return deadLetters.counts();
    }

    /** Records whose handling failed with an exception (skipped). */
    public long internalErrors() {
        return internalErrors.sum();
    }

    /** Records behind the end of the input topics. */
    public long consumerLag() {
        return lag;
    }

    /** Ready once its inputs are assigned. */
    public boolean ready() {
        return assigned && running;
    }

    /** What is wrong with the service loop; empty when healthy. */
    public List<String> problems() {
        Throwable f = failure;
        if (!thread.isAlive() && running) {
            return List.of("alarm service thread died");
        }
        return f == null ? List.of() : List.of("alarm service loop failing: " + f);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException first = null;
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
