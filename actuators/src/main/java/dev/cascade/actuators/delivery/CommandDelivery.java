package dev.cascade.actuators.delivery;

import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.actuators.interlock.Interlocks;
import dev.cascade.actuators.interlock.Refusal;
import dev.cascade.actuators.interlock.Rule;
import dev.cascade.actuators.forecast.ForecastRule;
import dev.cascade.actuators.forecast.ForecastWatch;
import dev.cascade.actuators.operator.OperatorCommands;
import dev.cascade.actuators.valve.OpenValves;
import dev.cascade.actuators.state.StateReader;
import dev.cascade.actuators.state.StateTopics;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers commands from Kafka to actuators over MQTT and brings their acknowledgements back to Kafka, so that each
 * command acts once. Every command's fate (acknowledged by its device, refused by an interlock, expired) is written
 * to the acks topic and to the compacted {@code command-fates} topic, and only then is its offset committed; on
 * start the bridge reads the fates back, so a command read again after a crash is skipped when settled and sent again
 * (devices answer {@code DUPLICATE}) when not. Commands pass the {@link Interlocks} first; a refused one is
 * acknowledged on the actuator's behalf with the rule named. Commands are signed when a signer is configured.
 * <p>The bridge closes the valves it opened, through the commands topic like every command (so interlocks, signing,
 * fates and acknowledgements apply): after an executed {@code OpenValve} it issues the {@code CloseValve} itself
 * when the open's planned duration ends, and earlier, once per open, when a result on the results topic forecasts
 * that the zone has had enough ({@link ForecastWatch}; origin {@code CLOUD}, the forecast window's correlation id,
 * the forecast named in the close's reason, the open named in {@code opened}). The bridge owns this rather than the
 * cloud because it alone knows which valves are open ({@link OpenValves}, fed by the acknowledgements it writes);
 * the cloud would need a second copy of that state, rebuilt from the acks topic. A valve already closed (a close of
 * it executed) gets neither close. Operator
 * actions resume machines and lock devices out ({@link OperatorCommands}). A command is sent again until
 * acknowledged or expired. Retained messages on the acks topic are ignored; only acknowledgements of commands that
 * were issued (sent by this bridge, or seen on a command topic) reach the acks topic, the others are counted as
 * unsolicited and dead-lettered. Thread-safe; must be closed.
 */
public final class CommandDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandDelivery.class);
    private static final Duration SCAN = Duration.ofMillis(100);
    /** Offsets whose fates are written are committed at most this often. */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** A poll loop that has not come round for this long is reported as stalled. */
    private static final Duration STALL_AFTER = Duration.ofSeconds(30);
    /** How long an acknowledgement of a command not (yet) seen issued waits for it before it is refused. */
    private static final Duration ACK_GRACE = Duration.ofSeconds(2);
    /** How long the bridge's own close of a valve stays valid. */
    private static final Duration CLOSE_TTL = Duration.ofMinutes(5);
    private static final Duration STATE_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final DeliveryConfig config;
    private final Topics topics;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final FateOffsets offsets;
    private final DeadLetters deadLetters;
    /** Publishes commands and sees every command topic (to learn the ids edge agents issue locally). */
    private final MqttConnection mqtt;
    /**
     * The acknowledgements' shared subscription, on connections of their own: an acknowledgement holds its
     * connection's in-flight slot until its fate is on Kafka, and HiveMQ sends a manually acknowledging client its
     * next batch only once the whole previous one is acknowledged; several connections let an acknowledgement
     * go to an idle one instead of waiting behind a fate write (measured in {@code cascade bench commands}).
     */
    private final List<MqttConnection> ackLinks;
    private final StateReader state;
    private final OperatorCommands operator;
    private final Interlocks interlocks;
    private final Map<CommandId, Pending> pending = new ConcurrentHashMap<>();
    /** Commands whose fate is settled (here or by an earlier run): never sent again. Guarded by itself. */
    private final RecentIds<CommandId> handled = new RecentIds<>(200_000);
    /** Commands whose fate is on (or being written to) the acks topic: one acknowledgement each. Guarded by itself. */
    private final RecentIds<CommandId> fates = new RecentIds<>(200_000);
    /** Commands known to have been issued: sent by this bridge or seen on a command topic. Guarded by itself. */
    private final RecentIds<CommandId> issued = new RecentIds<>(200_000);
    /** Acknowledgements of commands not seen issued yet. Guarded by {@code issued} for removal. */
    private final java.util.Queue<ParkedAck> parked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The valves this bridge opened and has not seen closed: the one record both of its own closes read. */
    private final OpenValves valves = new OpenValves();
    /** Follows the results topic for open valves; null when the early close is turned off. */
    private final ForecastWatch forecasts;
    private final Thread poller;
    private final Thread resender;
    /** Runs what follows a written fate (alerts, scheduled closes) off the producer's I/O thread. */
    private final java.util.concurrent.ExecutorService settler;
    private volatile boolean running = true;
    private volatile Instant lastPoll;
    private volatile Throwable pollerFailure;

    private final LongAdder commandsReceived = new LongAdder();
    private final LongAdder commandsSent = new LongAdder();
    private final LongAdder resends = new LongAdder();
    private final LongAdder acksReceived = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder duplicatesSkipped = new LongAdder();
    private final LongAdder acksUnsolicited = new LongAdder();
    private final LongAdder retainedIgnored = new LongAdder();
    private final LongAdder commandsSeen = new LongAdder();
    private final LongAdder duplicateAcks = new LongAdder();
    private final LongAdder fateWriteFailures = new LongAdder();
    private final LongAdder closesIssued = new LongAdder();
    private final LongAdder earlyCloses = new LongAdder();

    private record Offset(TopicPartition partition, long offset) {}

    private static final class Pending {
        final Command command;
        final byte[] payload;
        final Map<String, String> signature;
        /** Every read of this command from Kafka (a command may be on the topic twice). Guarded by {@code handled}. */
        final List<Offset> offsets = new ArrayList<>(1);
        volatile Instant lastSent;

        Pending(Command command, byte[] payload, Map<String, String> signature, Instant lastSent, Offset offset) {
            this.command = command;
            this.payload = payload;
            this.signature = signature;
            this.lastSent = lastSent;
            offsets.add(offset);
        }
    }

    private CommandDelivery(DeliveryConfig config, Clock clock) {
        this.config = config;
        this.topics = config.topics();
        this.clock = clock;
        this.interlocks = new Interlocks(config.interlocks());
        // No lingering: a fate is one small record a device waits on, and at a few hundred commands a second the
        // producer's 1 ms batching window was the largest part of "command on Kafka to ack on Kafka" (bench commands:
        // p50 2.6 -> 1.0 ms). A site's kafka overrides still win.
        KafkaSettings ks = config.kafka().withDefaults(Map.of("max.block.ms", "5000", "linger.ms", "0"));
        StateTopics.ensure(ks, topics);
        this.producer = KafkaClients.producer(ks, "actuators");
        this.deadLetters = new DeadLetters(producer, topics, "actuators");
        // Before the MQTT sessions open: a resumed persistent session delivers the acknowledgements it kept at once,
        // and each is settled on this thread (created after the connections, the first ones met a null executor and
        // stayed unacknowledged until the next restart).
        this.settler = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r,
                "cascade-actuators-settle-" + config.instanceId()));
        StateReader st = null;
        KafkaConsumer<String, byte[]> c = null;
        MqttConnection m = null;
        List<MqttConnection> acks = new ArrayList<>();
        OperatorCommands op = null;
        FateOffsets fo = null;
        ForecastWatch fw = null;
        try {
            st = new StateReader(ks, topics, config.group(), config.instanceId(), this::settledEarlier, this::lockAction);
            if (!st.awaitLoaded(STATE_LOAD_TIMEOUT)) {
                throw new IllegalStateException("could not read the bridge's state topics " + StateTopics.fates(topics)
                        + " and " + StateTopics.locks(topics) + " within " + STATE_LOAD_TIMEOUT.toSeconds() + " s");
            }
            c = KafkaClients.consumer(ks, "actuators", config.group(), 500);
            m = MqttConnection.open(config.mqtt()
                    .withPersistentSession(Duration.ofHours(1)).withManualAcks(),
                    List.of(new MqttConnection.Route(topics.mqttFilter(Channel.COMMANDS), 1, this::onCommandSeen)));
            for (int i = 0; i < config.ackConnections(); i++) {
                acks.add(MqttConnection.open(config.mqtt().withClientId(config.mqtt().clientId() + "-acks-" + i)
                        .withPersistentSession(Duration.ofHours(1)).withManualAcks(),
                        List.of(new MqttConnection.Route(topics.mqttShared(config.group(), Channel.ACKS), 1, this::onAck))));
            }
            fo = new FateOffsets(c, COMMIT_INTERVAL);
            c.subscribe(List.of(topics.kafka(Channel.COMMANDS)), fo);
            op = new OperatorCommands(ks, topics, config.group(), config.instanceId(), clock, producer, deadLetters);
            if (config.forecastClose().enabled()) {
                fw = new ForecastWatch(ks, topics, config.group(), config.instanceId(),
                        new ForecastRule(config.forecastClose().targetMarginPct()), valves::isOpen, this::closeEarly,
                        deadLetters);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(fw, op, m, acks, c, st);
            settler.shutdownNow();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            closeAll(fw, op, m, acks, c, st);
            settler.shutdownNow();
            throw e;
        }
        this.forecasts = fw;
        this.offsets = fo;
        this.state = st;
        this.consumer = c;
        this.mqtt = m;
        this.ackLinks = List.copyOf(acks);
        this.operator = op;
        this.lastPoll = clock.instant();
        this.poller = new Thread(this::pollLoop, "cascade-actuators-commands-" + config.instanceId());
        this.resender = new Thread(this::resendLoop, "cascade-actuators-resend-" + config.instanceId());
        poller.start();
        resender.start();
        log.info("actuators {} delivering {} -> {} ({} device kinds, commands {})", config.instanceId(),
                topics.kafka(Channel.COMMANDS), topics.mqttFilter(Channel.COMMANDS), config.interlocks().kinds().size(),
                config.signer().map(s -> "signed with key " + s.keyId()).orElse("unsigned"));
    }

    private void closeAll(ForecastWatch fw, OperatorCommands op, MqttConnection m, List<MqttConnection> acks,
                          KafkaConsumer<String, byte[]> c, StateReader st) {
        if (fw != null) {
            fw.close();
        }
        if (op != null) {
            op.close();
        }
        if (m != null) {
            m.close();
        }
        acks.forEach(MqttConnection::close);
        if (c != null) {
            c.close(Duration.ofSeconds(5));
        }
        if (st != null) {
            st.close();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Connects to both brokers, reads back the fates and lock-outs, and starts delivering. */
    public static CommandDelivery start(DeliveryConfig config, Clock clock) {
        return new CommandDelivery(config, clock);
    }

    private void settledEarlier(CommandId id) {
        synchronized (handled) {
            handled.add(id);
        }
        synchronized (fates) {
            fates.add(id);
        }
    }

    private void lockAction(dev.cascade.protocol.operator.OperatorAction a) {
        if (a.action() == OperatorActionType.LOCK_DEVICE) {
            interlocks.lock(a.device(), new Interlocks.Lock(a.operator(), a.note(), a.at()));
        } else if (a.action() == OperatorActionType.UNLOCK_DEVICE) {
            interlocks.unlock(a.device());
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                lastPoll = clock.instant();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<String, byte[]> r : records) {
                    Offset o = new Offset(new TopicPartition(r.topic(), r.partition()), r.offset());
                    offsets.read(o.partition(), o.offset());
                    handle(r, o);
                }
                offsets.commit();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            pollerFailure = e;
            log.error("command delivery stopped", e);
        } finally {
            offsets.flush(null);
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void done(List<Offset> os) {
        for (Offset o : os) {
            offsets.done(o.partition(), o.offset());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, Offset offset) {
        commandsReceived.increment();
        Decoded<Command> d = Codecs.command().decode(r.value());
        if (d instanceof Decoded.Rejected<Command> rej) {
            deadLetters.route("kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset(), r.key(), r.value(), rej.rejection())
                    .whenComplete((md, e) -> done(List.of(offset)));
            return;
        }
        Command cmd = d.orElseThrow();
        try (LogContext ignored = LogContext.of(cmd.header().correlationId().value(), cmd.header().deviceId().value())) {
            handle(cmd, offset);
        }
    }

    /** A decoded command from Kafka: sent to its device, or answered on the actuator's behalf. */
    private void handle(Command cmd, Offset offset) {
        CommandId id = cmd.commandId();
        synchronized (handled) {
            if (handled.contains(id)) {
                duplicatesSkipped.increment();
                done(List.of(offset));
                return;
            }
            Pending p = pending.get(id);
            if (p != null) {
                duplicatesSkipped.increment();
                p.offsets.add(offset);
                return;
            }
        }
        Instant now = clock.instant();
        if (cmd.header().expiredAt(now)) {
            answerForActuator(cmd, List.of(offset), AckStatus.EXPIRED, "",
                    "expired before delivery (expiresAt " + cmd.header().expiresAt() + ")");
            return;
        }
        Interlocks.Decision decision = interlocks.check(cmd, now);
        if (decision instanceof Interlocks.Refuse refuse) {
            Refusal f = refuse.refusal();
            answerForActuator(cmd, List.of(offset), f.status(), f.rule().wireName(), f.detail());
            return;
        }
        ((Interlocks.Send) decision).supersedes().ifPresent(earlier -> withdraw(earlier, cmd));
        byte[] payload = Codecs.command().encode(cmd);
        Map<String, String> sig = config.signer().map(s -> s.properties(payload)).orElse(Map.of());
        Pending p = new Pending(cmd, payload, sig, now, offset);
        pending.put(id, p);
        commandsSent.increment();
        issued(id);
        publish(p, now);
    }

    private CompletableFuture<Void> publish(Pending p, Instant now) {
        Command cmd = p.command;
        Duration left = Duration.between(now, cmd.header().expiresAt());
        PublishOptions o = PublishOptions.contentType(Codecs.command().contentType())
                .withMessageExpiry(Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000)))
                .withUserProperty(Headers.CORRELATION_ID, cmd.header().correlationId().value());
        for (Map.Entry<String, String> e : p.signature.entrySet()) {
            o = o.withUserProperty(e.getKey(), e.getValue());
        }
        CompletableFuture<Void> f = mqtt.publish(topics.mqtt(Channel.COMMANDS, cmd.header().deviceId()), p.payload, 1, o);
        f.whenComplete((v, e) -> {
            if (e != null) {
                log.warn("command {} publish not confirmed ({}); it stays pending and is resent", cmd.commandId(), e.toString());
            }
        });
        return f;
    }

    /** Withdraws the earlier, opposite command still awaiting acknowledgement: the later one wins. */
    private void withdraw(CommandId earlier, Command later) {
        Pending p;
        synchronized (handled) {
            p = pending.remove(earlier);
            if (p != null) {
                handled.add(earlier);
            }
        }
        if (p == null) {
            return;
        }
        interlocks.count(Rule.CONFLICTING_COMMAND);
        List<Offset> os;
        synchronized (handled) {
            os = List.copyOf(p.offsets);
        }
        answerForActuator(p.command, os, AckStatus.INTERLOCKED,
                Rule.CONFLICTING_COMMAND.wireName(), "withdrawn before acknowledgement: the later " + later.type() + " "
                        + later.commandId() + " for the same device wins");
    }

    /** Learns the ids of commands published on command topics (by this bridge or by edge agents acting locally). */
    private void onCommandSeen(String topic, byte[] payload, Delivery delivery) {
        try {
            if (delivery.retained()) {
                retainedIgnored.increment();
                return;
            }
            Decoded<Command> d = Codecs.command().decode(payload);
            if (d.isAccepted()) {
                commandsSeen.increment();
                issued(d.orElseThrow().commandId());
            }
        } finally {
            delivery.ack();
        }
    }

    private void onAck(String topic, byte[] payload, Delivery delivery) {
        acksReceived.increment();
        if (delivery.retained()) {
            retainedIgnored.increment();
            log.warn("ignored a retained message on {}: acknowledgements are never retained", topic);
            delivery.ack();
            return;
        }
        Topics.Route route = topics.parseMqtt(topic).orElse(null);
        Decoded<CommandAck> d = Codecs.commandAck().decode(payload);
        if (d instanceof Decoded.Rejected<CommandAck> rej) {
            deadLetter(topic, route, payload, rej.rejection(), delivery);
            return;
        }
        CommandAck ack = d.orElseThrow();
        try (LogContext ignored = LogContext.of(ack.correlationId().value(), ack.deviceId().value())) {
            onAck(topic, route, ack, payload, delivery);
        }
    }

    /** A decoded acknowledgement from a device: its fate written once the command is known to have been issued. */
    private void onAck(String topic, Topics.Route route, CommandAck ack, byte[] payload, Delivery delivery) {
        if (route == null || !route.device().equals(ack.deviceId())) {
            deadLetter(topic, route, payload, new Rejection(RejectReason.UNAUTHORIZED, "ack.deviceId " + ack.deviceId()
                    + " must match the topic's device " + (route == null ? "(none)" : route.device())), delivery);
            return;
        }
        synchronized (issued) {
            if (!issued.contains(ack.commandId())) {
                // The command's own copy may still be on its way (shared and plain subscriptions are not ordered).
                parked.add(new ParkedAck(topic, route, ack, payload, delivery, clock.instant()));
                return;
            }
        }
        accept(ack, payload, delivery);
    }

    /** Records {@code id} as issued and accepts the acknowledgements that were waiting for it. */
    private void issued(CommandId id) {
        List<ParkedAck> ready = new ArrayList<>();
        synchronized (issued) {
            issued.add(id);
            parked.removeIf(p -> {
                if (p.ack().commandId().equals(id)) {
                    ready.add(p);
                    return true;
                }
                return false;
            });
        }
        for (ParkedAck p : ready) {
            accept(p.ack(), p.payload(), p.delivery());
        }
    }

    private record ParkedAck(String topic, Topics.Route route, CommandAck ack, byte[] payload, Delivery delivery,
                             Instant at) {}

    /** Dead-letters parked acknowledgements whose command did not show up within {@link #ACK_GRACE}. */
    private void expireParked(Instant now) {
        for (ParkedAck p : parked) {
            boolean expired;
            synchronized (issued) {
                expired = Duration.between(p.at(), now).compareTo(ACK_GRACE) >= 0 && parked.remove(p);
            }
            if (expired) {
                acksUnsolicited.increment();
                deadLetter(p.topic(), p.route(), p.payload(), new Rejection(RejectReason.UNAUTHORIZED, "ack.commandId must be"
                        + " a command that was issued, was " + p.ack().commandId() + " (never sent nor seen on a command topic)"),
                        p.delivery());
            }
        }
    }

    /** A device's acknowledgement: written (once per command) as its fate, then the MQTT message is acknowledged. */
    private void accept(CommandAck ack, byte[] payload, Delivery delivery) {
        boolean first;
        synchronized (fates) {
            first = fates.add(ack.commandId());
        }
        if (!first) {
            // A resent command answered twice, or one settled before: its fate is already recorded once.
            duplicateAcks.increment();
            delivery.ack();
            return;
        }
        // Not on the producer's I/O thread: raising an alert there would block on the alerts topic's metadata.
        writeFate(ack, payload).whenCompleteAsync((v, e) -> {
            if (e != null) {
                synchronized (fates) {
                    fates.remove(ack.commandId());
                }
                fateWriteFailures.increment();
                log.warn("could not write the fate of {} to Kafka ({}); it stays pending and is sent again", ack.commandId(),
                        e.toString());
                return;
            }
            delivery.ack();
            settled(ack);
        }, settler);
    }

    private void settled(CommandAck ack) {
        Pending p;
        List<Offset> os;
        synchronized (handled) {
            p = pending.remove(ack.commandId());
            handled.add(ack.commandId());
            os = p == null ? List.of() : List.copyOf(p.offsets);
        }
        interlocks.settled(ack.deviceId(), ack.commandId());
        if (p == null) {
            return;
        }
        done(os);
        if (ack.status().success()) {
            acked.increment();
            if (ack.status() == AckStatus.EXECUTED && p.command instanceof OpenValve o) {
                valves.opened(o, clock.instant().plus(o.duration()));
            } else if (ack.status() == AckStatus.EXECUTED && p.command instanceof CloseValve) {
                valves.closed(ack.deviceId());
            }
        } else {
            failed.increment();
            raise(p.command, ack.status(), ack.rule(), ack.detail());
        }
    }

    /** Issues the planned-duration close of every open valve whose open has run its duration (when configured). */
    private void issueDueCloses(Instant now) {
        for (OpenValves.Open o : valves.due(now)) {
            if (!config.closeAfterOpen()) {
                continue;
            }
            OpenValve open = o.command();
            CommandHeader h = new CommandHeader(CommandId.derive(open.header().correlationId(), "bridge:close_after:"
                    + open.commandId()), open.header().deviceId(), open.header().correlationId(), CommandOrigin.CLOUD,
                    o.closeDue(), o.closeDue().plus(CLOSE_TTL), open.header().windowSentAt());
            closesIssued.increment();
            log.info("closing valve {}: the open {} has run its planned duration {}", open.header().deviceId(),
                    open.commandId(), open.duration());
            issue(new CloseValve(h, "planned duration " + open.duration() + " of the open ended", open.commandId()));
        }
    }

    /**
     * Closes {@code result}'s valve early, once per open, because its forecast says the zone has had enough: with the
     * forecast window's correlation id, and an id derived from it, so a result read twice is one close.
     */
    private void closeEarly(dev.cascade.protocol.inference.InferenceResult result, String reason) {
        CommandId id = CommandId.derive(result.correlationId(), "bridge:forecast_close");
        OpenValves.Open o = valves.claimEarlyClose(result.deviceId(), result.windowSentAt(), id).orElse(null);
        if (o == null) {
            return;
        }
        Instant now = clock.instant();
        CommandHeader h = new CommandHeader(id, result.deviceId(), result.correlationId(), CommandOrigin.CLOUD, now,
                now.plus(CLOSE_TTL), result.windowSentAt());
        earlyCloses.increment();
        log.info("closing valve {} early (open {}): {}", result.deviceId(), o.command().commandId(), reason);
        issue(new CloseValve(h, reason.length() > 200 ? reason.substring(0, 200) : reason, o.command().commandId()));
    }

    /** Puts one of the bridge's own closes on the commands topic, where it is read and delivered like any command. */
    private void issue(CloseValve close) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, close.header().correlationId().value().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), null, close.header().deviceId().value(),
                    Codecs.command().encode(close), h), (md, e) -> {
                        if (e != null) {
                            log.error("could not issue the close {} of valve {} ({}); the valve's own timer closes it",
                                    close.commandId(), close.header().deviceId(), e.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.error("could not issue the close {} of valve {} ({}); the valve's own timer closes it",
                    close.commandId(), close.header().deviceId(), e.toString());
        }
    }

    private void deadLetter(String topic, Topics.Route route, byte[] payload, Rejection rejection, Delivery delivery) {
        deadLetters.route("mqtt:" + topic, route == null ? null : route.device().value(), payload, rejection)
                .whenComplete((md, e) -> {
                    if (e == null) {
                        delivery.ack();
                    }
                });
    }

    /** Writes a fate to the acks topic (keyed by device) and the compacted fates topic (keyed by command id). */
    private CompletableFuture<Void> writeFate(CommandAck ack, byte[] bytes) {
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, ack.correlationId().value().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> toAcks = send(new ProducerRecord<>(topics.kafka(Channel.ACKS), null, ack.deviceId().value(),
                bytes, h));
        CompletableFuture<Void> toFates = send(new ProducerRecord<>(StateTopics.fates(topics), ack.commandId().value(), bytes));
        return CompletableFuture.allOf(toAcks, toFates);
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record, (md, e) -> {
                if (e == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Answers a command the actuator never saw (or will not see again), so Kafka records its fate. */
    private void answerForActuator(Command cmd, List<Offset> os, AckStatus status, String rule, String detail) {
        synchronized (handled) {
            handled.add(cmd.commandId());
        }
        synchronized (fates) {
            fates.add(cmd.commandId());
        }
        interlocks.settled(cmd.header().deviceId(), cmd.commandId());
        failed.increment();
        CommandAck ack = CommandAck.refused(cmd, status, rule, detail + " [answered by actuators bridge]", clock.instant());
        writeFate(ack, Codecs.commandAck().encode(ack)).whenComplete((v, e) -> {
            if (e == null) {
                done(os);
            } else {
                fateWriteFailures.increment();
                log.error("could not write the fate of {} ({}); its offset stays uncommitted until a restart reads it again",
                        cmd.commandId(), e.toString());
            }
        });
        raise(cmd, status, rule, detail);
    }

    private void raise(Command cmd, AckStatus status, String rule, String detail) {
        // An interlock or a check doing its job is a warning; a command that failed or expired is critical.
        Severity severity = status == AckStatus.INTERLOCKED || status == AckStatus.REJECTED || status == AckStatus.UNSUPPORTED
                ? Severity.WARNING : Severity.CRITICAL;
        CommandFailedAlert alert = new CommandFailedAlert(AlertHeader.caused("command_failed:" + cmd.commandId(),
                cmd.header().deviceId(), cmd.header().correlationId(), severity, clock.instant()),
                cmd.commandId(), cmd.type(), status, (rule.isEmpty() ? "" : rule + ": ") + detail);
        log.warn("{}", alert.summary());
        producer.send(new ProducerRecord<>(topics.kafka(Channel.ALERTS), cmd.header().deviceId().value(),
                Codecs.alert().encode(alert)));
    }

    private void resendLoop() {
        while (running) {
            try {
                Thread.sleep(SCAN.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Instant now = clock.instant();
            try {
                expireParked(now);
                issueDueCloses(now);
                for (Map.Entry<CommandId, Pending> e : pending.entrySet()) {
                    Pending p = e.getValue();
                    if (p.command.header().expiredAt(now)) {
                        List<Offset> os;
                        synchronized (handled) {
                            if (!pending.remove(e.getKey(), p)) {
                                continue;
                            }
                            os = List.copyOf(p.offsets);
                        }
                        answerForActuator(p.command, os, AckStatus.EXPIRED, "",
                                "no acknowledgement before expiresAt " + p.command.header().expiresAt());
                    } else if (Duration.between(p.lastSent, now).compareTo(config.ackTimeout()) >= 0) {
                        p.lastSent = now;
                        resends.increment();
                        publish(p, now);
                    }
                }
            } catch (RuntimeException e) {
                log.error("resend scan failed; next scan in {} ms", SCAN.toMillis(), e);
            }
        }
    }

    public DeliveryStats stats() {
        return new DeliveryStats(commandsReceived.sum(), commandsSent.sum(), resends.sum(), acksReceived.sum(), acked.sum(),
                failed.sum(), duplicatesSkipped.sum(), pending.size(), deadLetters.total(), acksUnsolicited.sum(),
                retainedIgnored.sum(), commandsSeen.sum(), duplicateAcks.sum());
    }

    /** Commands refused (or withdrawn) by the bridge, by rule. */
    public Map<Rule, Long> refusalsByRule() {
        return interlocks.refusals();
    }

    /** Valve closes the bridge issued itself when an open's duration ended. */
    public long closesIssued() {
        return closesIssued.sum();
    }

    /** Valve closes the bridge issued early because a forecast said the zone had had enough. */
    public long earlyCloses() {
        return earlyCloses.sum();
    }

    /** The watch over the results topic, if the early close is turned on. */
    public java.util.Optional<ForecastWatch> forecastWatch() {
        return java.util.Optional.ofNullable(forecasts);
    }

    /** The valves this bridge opened and has not seen closed (nor their planned duration end). */
    public int openValves() {
        return valves.size();
    }

    /** Fates that could not be written to Kafka (their commands stay pending or uncommitted). */
    public long fateWriteFailures() {
        return fateWriteFailures.sum();
    }

    /** Commands read from Kafka whose fate is not written yet (their offsets are not committed). */
    public int unsettled() {
        return offsets.openCount();
    }

    /** The operator's lock-out of {@code device}, if locked. */
    public java.util.Optional<Interlocks.Lock> lockOf(dev.cascade.protocol.window.DeviceId device) {
        return interlocks.lockOf(device);
    }

    /** Human-readable descriptions of workers that died or stalled; empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!running) {
            return out;
        }
        String id = "actuators " + config.instanceId();
        if (!poller.isAlive()) {
            out.add(id + ": command poller thread " + poller.getName() + " died"
                    + (pollerFailure == null ? "" : ": " + pollerFailure));
        } else {
            Duration since = Duration.between(lastPoll, clock.instant());
            if (since.compareTo(STALL_AFTER) > 0) {
                out.add(id + ": command poller has not polled Kafka for " + since.toSeconds() + " s");
            }
        }
        if (!resender.isAlive()) {
            out.add(id + ": resend thread " + resender.getName() + " died");
        }
        if (!state.alive()) {
            out.add(id + ": the state reader of " + StateTopics.fates(topics) + " died");
        }
        if (!operator.alive()) {
            out.add(id + ": the operator actions consumer died");
        }
        if (forecasts != null && !forecasts.alive()) {
            out.add(id + ": the forecast watch of " + topics.kafka(Channel.RESULTS) + " died (valves close by their"
                    + " planned duration only)");
        }
        if (!mqttConnected()) {
            out.add(id + ": not connected to the MQTT broker " + config.mqtt().serverUri());
        }
        return out;
    }

    /** Refusals by reason. */
    public Map<dev.cascade.protocol.codec.RejectReason, Long> rejections() {
        return deadLetters.counts();
    }

    /** Whether the bridge may be sent work: MQTT connected (acks subscribed) and the commands group joined. */
    public boolean ready() {
        return poller.isAlive() && mqttConnected() && offsets.joined();
    }

    private boolean mqttConnected() {
        return mqtt.connected() && ackLinks.stream().allMatch(MqttConnection::connected);
    }

    /** Commands behind the end of the topic for this bridge's consumer. */
    public long consumerLag() {
        return dev.cascade.transport.kafka.ConsumerLag.records(consumer);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        resender.interrupt();
        join(poller);
        join(resender);
        settler.shutdown();
        try {
            settler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException first = null;
        List<AutoCloseable> owned = new ArrayList<>();
        if (forecasts != null) {
            owned.add(forecasts);
        }
        owned.addAll(List.of(operator, mqtt));
        owned.addAll(ackLinks);
        owned.add(state);
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? new IllegalStateException("close failed: " + e, e) : first;
            }
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
