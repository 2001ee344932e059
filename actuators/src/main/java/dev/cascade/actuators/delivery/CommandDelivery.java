package dev.cascade.actuators.delivery;

import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.OffsetCommitter;
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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers commands from Kafka to actuators over MQTT and brings their acknowledgements back to Kafka.
 * A command is sent again until acknowledged or expired (actuators execute a command id at most once);
 * offsets are committed once the broker holds every command read; commands past their time-to-live,
 * or beyond a device's rate limit, are not sent and are answered on the actuator's behalf
 * ({@code EXPIRED} / {@code INTERLOCKED}) with an alert. Commands go out with retain off; retained messages
 * on the acks topic are ignored. Only acknowledgements of commands that were issued (sent by this bridge, or
 * seen published on a command topic, e.g. by an edge agent acting locally) reach the acks topic; the others
 * are counted as unsolicited and dead-lettered. Thread-safe; must be closed.
 */
public final class CommandDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandDelivery.class);
    private static final Duration SCAN = Duration.ofMillis(100);
    /** Published commands a crash may replay (delivery and devices deduplicate by command id). */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** A poll loop that has not come round for this long is reported as stalled. */
    private static final Duration STALL_AFTER = Duration.ofSeconds(30);
    /** How long an acknowledgement of a command not (yet) seen issued waits for it before it is refused. */
    private static final Duration ACK_GRACE = Duration.ofSeconds(2);

    private final DeliveryConfig config;
    private final Topics topics;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final OffsetCommitter committer;
    private final DeadLetters deadLetters;
    private final MqttConnection mqtt;
    private final Map<CommandId, Pending> pending = new ConcurrentHashMap<>();
    private final RecentIds<CommandId> handled = new RecentIds<>(100_000);
    /** Commands whose fate is on (or being written to) the acks topic: one acknowledgement each. Guarded by itself. */
    private final RecentIds<CommandId> fates = new RecentIds<>(100_000);
    private final LongAdder duplicateAcks = new LongAdder();
    /** Commands known to have been issued: sent by this bridge or seen on a command topic. Guarded by itself. */
    private final RecentIds<CommandId> issued = new RecentIds<>(200_000);
    /** Acknowledgements of commands not seen issued yet. Guarded by {@code issued} for removal. */
    private final java.util.Queue<ParkedAck> parked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final RateLimiter rateLimiter;
    private final Thread poller;
    private final Thread resender;
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

    private static final class Pending {
        final Command command;
        volatile Instant lastSent;

        Pending(Command command, Instant lastSent) {
            this.command = command;
            this.lastSent = lastSent;
        }
    }

    private CommandDelivery(DeliveryConfig config, Clock clock) {
        this.config = config;
        this.topics = config.topics();
        this.clock = clock;
        this.rateLimiter = new RateLimiter(config.maxPerDevicePerMinute());
        KafkaSettings ks = config.kafka().withDefaults(Map.of("max.block.ms", "5000"));
        this.producer = KafkaClients.producer(ks, "actuators");
        this.deadLetters = new DeadLetters(producer, topics, "actuators");
        KafkaConsumer<String, byte[]> c = null;
        OffsetCommitter cm = null;
        MqttConnection m = null;
        try {
            c = KafkaClients.consumer(ks, "actuators", config.group(), 500);
            m = MqttConnection.open(config.mqtt()
                    .withPersistentSession(Duration.ofHours(1)).withManualAcks(),
                    List.of(new MqttConnection.Route(topics.mqttFilter(Channel.COMMANDS), 1, this::onCommandSeen),
                            new MqttConnection.Route(topics.mqttShared(config.group(), Channel.ACKS), 1, this::onAck)));
            cm = new OffsetCommitter(c, COMMIT_INTERVAL, System::nanoTime);
            c.subscribe(List.of(topics.kafka(Channel.COMMANDS)), cm);
        } catch (RuntimeException e) {
            if (m != null) {
                m.close();
            }
            if (c != null) {
                c.close();
            }
            producer.close(Duration.ofSeconds(5));
            throw e;
        }
        this.consumer = c;
        this.committer = cm;
        this.mqtt = m;
        this.lastPoll = clock.instant();
        this.poller = new Thread(this::pollLoop, "cascade-actuators-commands-" + config.instanceId());
        this.resender = new Thread(this::resendLoop, "cascade-actuators-resend-" + config.instanceId());
        poller.start();
        resender.start();
        log.info("actuators {} delivering {} -> {}", config.instanceId(), topics.kafka(Channel.COMMANDS),
                topics.mqttFilter(Channel.COMMANDS));
    }

    /** Connects to both brokers and starts delivering. */
    public static CommandDelivery start(DeliveryConfig config, Clock clock) {
        return new CommandDelivery(config, clock);
    }

    private void pollLoop() {
        try {
            while (running) {
                lastPoll = clock.instant();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                if (records.isEmpty()) {
                    continue;
                }
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    CompletableFuture<Void> f = handle(r);
                    if (f != null) {
                        sends.add(f);
                    }
                }
                // Commit only once the broker holds every command of the batch (QoS 1 PUBACK); a failed
                // publish stays pending and the resender tries again, so it is safe to commit then too.
                for (CompletableFuture<Void> f : sends) {
                    try {
                        f.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        log.warn("command publish not confirmed ({}); it stays pending and is resent", e.toString());
                    }
                }
                committer.processed();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException | Error e) {
            pollerFailure = e;
            log.error("command delivery stopped", e);
        } finally {
            committer.flush();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> r) {
        commandsReceived.increment();
        Decoded<Command> d = Codecs.command().decode(r.value());
        if (d instanceof Decoded.Rejected<Command> rej) {
            deadLetters.route("kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset(), r.key(), r.value(), rej.rejection());
            return null;
        }
        Command cmd = d.orElseThrow();
        CommandId id = cmd.commandId();
        synchronized (handled) {
            if (handled.contains(id) || pending.containsKey(id)) {
                duplicatesSkipped.increment();
                return null;
            }
        }
        Instant now = clock.instant();
        if (cmd.header().expiredAt(now)) {
            answerForActuator(cmd, AckStatus.EXPIRED, "expired before delivery (expiresAt " + cmd.header().expiresAt() + ")");
            return null;
        }
        if (!rateLimiter.tryAcquire(cmd.header().deviceId(), now)) {
            answerForActuator(cmd, AckStatus.INTERLOCKED, "rate limit: more than " + config.maxPerDevicePerMinute()
                    + " commands a minute for " + cmd.header().deviceId());
            return null;
        }
        pending.put(id, new Pending(cmd, now));
        commandsSent.increment();
        issued(id);
        return publish(cmd, now);
    }

    private CompletableFuture<Void> publish(Command cmd, Instant now) {
        Duration left = Duration.between(now, cmd.header().expiresAt());
        PublishOptions o = PublishOptions.contentType(Codecs.command().contentType())
                .withMessageExpiry(Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000)))
                .withUserProperty(Headers.CORRELATION_ID, cmd.header().correlationId().value());
        return mqtt.publish(topics.mqtt(Channel.COMMANDS, cmd.header().deviceId()), Codecs.command().encode(cmd), 1, o);
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

    private void accept(CommandAck ack, byte[] payload, Delivery delivery) {
        boolean first;
        synchronized (fates) {
            first = fates.add(ack.commandId());
        }
        if (!first) {
            // A resent command answered twice: its fate is already recorded once.
            duplicateAcks.increment();
            delivery.ack();
            return;
        }
        writeAck(ack, payload).whenComplete((md, e) -> {
            if (e == null) {
                delivery.ack();
            } else {
                synchronized (fates) {
                    fates.remove(ack.commandId());
                }
                log.warn("could not write ack {} to Kafka ({}); the broker will redeliver it", ack.commandId(), e.toString());
            }
        });
        Pending p;
        // Atomically with handle()'s check, so that a command read again from Kafka is never sent again.
        synchronized (handled) {
            p = pending.remove(ack.commandId());
            if (p != null) {
                handled.add(ack.commandId());
            }
        }
        if (p == null) {
            return;
        }
        if (ack.status().success()) {
            acked.increment();
        } else {
            failed.increment();
            raise(p.command, ack.status(), ack.detail());
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

    private CompletableFuture<Void> writeAck(CommandAck ack, byte[] bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RecordHeaders h = new RecordHeaders();
        h.add(Headers.CORRELATION_ID, ack.correlationId().value().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(topics.kafka(Channel.ACKS), null, ack.deviceId().value(), bytes, h), (md, e) -> {
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

    /** Answers a command the actuator never saw, so Kafka records its fate, and alerts. */
    private void answerForActuator(Command cmd, AckStatus status, String detail) {
        synchronized (handled) {
            handled.add(cmd.commandId());
        }
        failed.increment();
        CommandAck ack = CommandAck.of(cmd, status, detail + " [answered by actuators bridge]", clock.instant());
        writeAck(ack, Codecs.commandAck().encode(ack));
        raise(cmd, status, detail);
    }

    private void raise(Command cmd, AckStatus status, String detail) {
        CommandFailedAlert alert = new CommandFailedAlert(AlertHeader.caused("command_failed:" + cmd.commandId(),
                cmd.header().deviceId(), cmd.header().correlationId(), Severity.CRITICAL, clock.instant()),
                cmd.commandId(), cmd.type(), status, detail);
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
            expireParked(now);
            for (Map.Entry<CommandId, Pending> e : pending.entrySet()) {
                Pending p = e.getValue();
                if (p.command.header().expiredAt(now)) {
                    if (pending.remove(e.getKey(), p)) {
                        synchronized (handled) {
                            handled.add(e.getKey());
                        }
                        failed.increment();
                        raise(p.command, AckStatus.EXPIRED, "no acknowledgement before expiresAt " + p.command.header().expiresAt());
                    }
                } else if (Duration.between(p.lastSent, now).compareTo(config.ackTimeout()) >= 0) {
                    p.lastSent = now;
                    resends.increment();
                    publish(p.command, now);
                }
            }
        }
    }

    public DeliveryStats stats() {
        return new DeliveryStats(commandsReceived.sum(), commandsSent.sum(), resends.sum(), acksReceived.sum(), acked.sum(),
                failed.sum(), duplicatesSkipped.sum(), pending.size(), deadLetters.total(), acksUnsolicited.sum(),
                retainedIgnored.sum(), commandsSeen.sum(), duplicateAcks.sum());
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
        if (!mqtt.connected()) {
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
        return poller.isAlive() && mqtt.connected() && committer.joined();
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
        RuntimeException first = null;
        try {
            mqtt.close();
        } catch (RuntimeException e) {
            first = e;
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
