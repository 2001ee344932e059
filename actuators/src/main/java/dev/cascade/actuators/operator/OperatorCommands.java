package dev.cascade.actuators.operator;

import dev.cascade.actuators.state.StateTopics;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.transport.kafka.ConsumerThread;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the operators' device actions into their effect: {@code RESUME_MACHINE} becomes a {@link ResumeMachine}
 * with origin {@code OPERATOR} and the operator's name on the commands topic (its id derived from the action's, so
 * a redelivered action is one command); {@code LOCK_DEVICE} / {@code UNLOCK_DEVICE} go to the compacted
 * device-locks topic that every bridge instance follows. Alarm actions are left to the alarm service. Offsets are
 * committed once those writes are acknowledged. Owns a consumer thread; must be closed.
 */
public final class OperatorCommands implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);
    /** How long an operator's resume stays valid on its way to the machine. */
    public static final Duration RESUME_TTL = Duration.ofMinutes(5);

    private final Topics topics;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConsumerThread thread;
    private final LongAdder resumes = new LongAdder();
    private final LongAdder lockActions = new LongAdder();

    public OperatorCommands(KafkaSettings settings, Topics topics, String group, String instanceId, Clock clock,
                            KafkaProducer<String, byte[]> producer, DeadLetters deadLetters) {
        this.topics = topics;
        this.clock = clock;
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.consumer = KafkaClients.consumer(settings, "actuators-operator", group + "-operator", 100);
        consumer.subscribe(List.of(topics.kafka(Channel.OPERATOR_ACTIONS)));
        this.thread = ConsumerThread.start("cascade-actuators-operator-" + instanceId, consumer, this::pollOnce, log,
                "operator actions stopped; uncommitted actions are read again on restart");
    }

    private void pollOnce() throws Exception {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
            return;
        }
        List<Future<?>> writes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Future<?> f = handle(r);
            if (f != null) {
                writes.add(f);
            }
        }
        for (Future<?> f : writes) {
            f.get(30, TimeUnit.SECONDS);
        }
        consumer.commitSync(Duration.ofSeconds(10));
    }

    private Future<?> handle(ConsumerRecord<String, byte[]> r) {
        Decoded<OperatorAction> d = Codecs.operatorAction().decode(r.value());
        if (d instanceof Decoded.Rejected<OperatorAction> rej) {
            return deadLetters.route("kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset(), r.key(), r.value(),
                    rej.rejection());
        }
        OperatorAction a = d.orElseThrow();
        switch (a.action()) {
            case RESUME_MACHINE -> {
                resumes.increment();
                ResumeMachine cmd = resume(a);
                log.info("operator {} resumes {} (command {})", a.operator(), a.target(), cmd.commandId());
                RecordHeaders h = new RecordHeaders();
                h.add(Headers.CORRELATION_ID, cmd.header().correlationId().value().getBytes(StandardCharsets.UTF_8));
                return producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), null, a.target(),
                        Codecs.command().encode(cmd), h));
            }
            case LOCK_DEVICE, UNLOCK_DEVICE -> {
                lockActions.increment();
                log.info("operator {}: {} {}", a.operator(), a.action().displayName(), a.target());
                return producer.send(new ProducerRecord<>(StateTopics.locks(topics), a.target(), r.value()));
            }
            default -> {
                return null;
            }
        }
    }

    /** The resume command an operator's action asks for (same action, same command id). */
    public ResumeMachine resume(OperatorAction a) {
        if (a.action() != OperatorActionType.RESUME_MACHINE) {
            throw new IllegalArgumentException("action must be resume_machine, was " + a.action().displayName());
        }
        CorrelationId cause = CorrelationId.of(a.actionId());
        CommandHeader h = new CommandHeader(CommandId.derive(cause, "operator:resume_machine"), a.device(), cause,
                CommandOrigin.OPERATOR, clock.instant(), clock.instant().plus(RESUME_TTL), a.at());
        String reason = "resumed by operator " + a.operator() + (a.note().isEmpty() ? "" : ": " + a.note());
        return new ResumeMachine(h, reason.length() > 200 ? reason.substring(0, 200) : reason, a.operator());
    }

    /** Resume actions turned into commands so far. */
    public long resumes() {
        return resumes.sum();
    }

    /** Whether the consumer thread still runs. */
    public boolean alive() {
        return thread.alive();
    }

    @Override
    public void close() {
        thread.close();
    }
}
