package dev.cascade.edge;

import com.pi4j.Pi4J;
import dev.cascade.edge.actuate.CommandExecutor;
import dev.cascade.edge.actuate.ForwardActuator;
import dev.cascade.edge.actuate.Outputs;
import dev.cascade.edge.actuate.SeenCommands;
import dev.cascade.edge.health.HeartbeatMaker;
import dev.cascade.edge.health.LatencyWindow;
import dev.cascade.edge.health.SensorWatch;
import dev.cascade.edge.health.SystemProbe;
import dev.cascade.edge.remote.RemoteConfig;
import dev.cascade.edge.remote.RemoteSettings;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.telemetry.Heartbeat;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.PublishOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's device-side parts: the command executor with its outputs and interlocks, the cloud command and remote
 * configuration subscriptions, the heartbeat and the silent-sensor watch. Owns one scheduler thread
 * ({@code cascade-edge-device-...}); must be closed.
 */
final class DeviceSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceSide.class);

    final CommandExecutor executor;
    final SensorWatch sensors;
    final LatencyWindow inference = new LatencyWindow();
    final RemoteConfig remote;
    private final DeviceId gateway;
    private final Topics topics;
    /** The device link to the cloud broker; set once in the constructor, before the scheduler starts. */
    private volatile MqttLink uplink;
    /** Acks of commands a resumed session delivered before the link was handed back to us (guarded by itself). */
    private final List<CommandAck> early = new ArrayList<>();
    private final InstantSource clock;
    private final SeenCommands seen;
    private final Outputs outputs;
    private final ForwardActuator forward;
    private final ScheduledExecutorService scheduler;
    private final HeartbeatMaker heartbeats;
    private final Supplier<EdgeStats> stats;
    private final Supplier<List<ModelRef>> models;
    private final LongAdder heartbeatsSent = new LongAdder();
    private final LongAdder heartbeatFailures = new LongAdder();
    private final LongAdder commandsUndecodable = new LongAdder();
    private final LongAdder wrongTopic = new LongAdder();
    /** The rule of a command whose device differs from its topic's. */
    static final String WRONG_TOPIC = "wrong_topic";

    /**
     * Builds the executor and its outputs, then connects the device link with {@code connect}, handing it the command
     * and configuration subscriptions so that they are in place before a resumed session delivers what waited.
     */
    DeviceSide(DeviceOptions options, DeviceId gateway, Topics topics,
               Function<List<MqttConnection.Route>, MqttLink> connect, InstantSource clock,
               Function<Command, CompletableFuture<Void>> sendLocal, RemoteSettings base,
               Consumer<RemoteSettings> onConfig, Supplier<EdgeStats> stats, Supplier<List<ModelRef>> models) {
        this.gateway = gateway;
        this.topics = topics;
        this.clock = clock;
        this.stats = stats;
        this.models = models;
        Optional<Path> dir = options.stateDir();
        try {
            this.seen = dir.isPresent() ? SeenCommands.open(dir.get().resolve("commands.seen"), options.actuate().rememberCommands())
                    : SeenCommands.inMemory(options.actuate().rememberCommands());
        } catch (IOException e) {
            throw new UncheckedIOException("executed command ids cannot be kept in " + dir.get(), e);
        }
        this.forward = new ForwardActuator(sendLocal);
        Outputs o = null;
        try {
            o = Outputs.create(options.actuate(), forward, Pi4J::newAutoContext);
        } catch (RuntimeException e) {
            seen.close();
            throw e;
        }
        this.outputs = o;
        this.executor = new CommandExecutor(outputs, options.actuate(), seen, options.authority(), this::sendAck, clock,
                this::linkUp);
        this.sensors = new SensorWatch(options.sensorSilentAfter());
        this.remote = new RemoteConfig(base, dir.map(d -> d.resolve("remote-config.yaml")), onConfig);
        this.heartbeats = new HeartbeatMaker(gateway, new SystemProbe(dir.orElse(Path.of("."))), clock.instant());
        List<MqttConnection.Route> routes = new ArrayList<>();
        for (DeviceId d : outputs.driven()) {
            routes.add(new MqttConnection.Route(topics.mqtt(Channel.COMMANDS, d), 1, this::onCommand));
        }
        if (options.remoteConfig()) {
            routes.add(new MqttConnection.Route(topics.mqtt(Channel.CONFIG, gateway), 1,
                    (topic, payload, delivery) -> remote.offer(payload)));
        }
        try {
            MqttLink link = connect.apply(routes);
            List<CommandAck> waiting;
            synchronized (early) {
                this.uplink = link;
                waiting = List.copyOf(early);
                early.clear();
            }
            waiting.forEach(this::sendAck);
        } catch (RuntimeException e) {
            try {
                outputs.close();
            } finally {
                seen.close();
            }
            throw e;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-edge-device-" + gateway.value());
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        if (!options.heartbeatInterval().isZero()) {
            long ms = options.heartbeatInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private boolean linkUp() {
        MqttLink l = uplink;
        return l != null && l.connected();
    }

    /** The device link (the caller closes it after this). */
    MqttLink link() {
        return uplink;
    }

    private void tick() {
        try {
            executor.tick();
        } catch (RuntimeException e) {
            log.error("interlock tick failed", e);
        }
    }

    private void onCommand(String topic, byte[] payload, Delivery delivery) {
        if (delivery.retained()) {
            return;
        }
        Decoded<Command> d = Codecs.command().decode(payload);
        if (d instanceof Decoded.Rejected<Command> r) {
            commandsUndecodable.increment();
            log.warn("command on {} refused undecoded ({} so far): {}", topic, commandsUndecodable.sum(), r.rejection());
            return;
        }
        Command c = d.orElseThrow();
        String expected = topics.mqtt(Channel.COMMANDS, c.header().deviceId());
        if (!expected.equals(topic)) {
            wrongTopic.increment();
            sendAck(CommandAck.refused(c, AckStatus.REJECTED, WRONG_TOPIC, "command for " + c.header().deviceId()
                    + " arrived on " + topic, clock.instant()));
            return;
        }
        executor.execute(c, payload, delivery.userProperties());
    }

    private void sendAck(CommandAck ack) {
        if (uplink == null) {
            synchronized (early) {
                if (uplink == null) {
                    // A command the session kept arrived while the link was still being opened: sent once it is ours.
                    early.add(ack);
                    return;
                }
            }
        }
        PublishOptions o = PublishOptions.contentType(Codecs.commandAck().contentType())
                .withUserProperty(Headers.CORRELATION_ID, ack.correlationId().value());
        // Seam: goes through the durable outbox (task A) once merged; today straight to the cloud broker (QoS 1).
        uplink.publish(topics.mqtt(Channel.ACKS, ack.deviceId()), Codecs.commandAck().encode(ack), 1, o)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("ack of {} ({}) not sent: {}", ack.commandId().value(), ack.status().displayName(), e.toString());
                    }
                });
    }

    /** Makes and sends one heartbeat now. */
    Heartbeat heartbeat() {
        try {
            Heartbeat h = heartbeats.next(clock.instant(), stats.get(), List.copyOf(models.get()), inference.takeP50P99Micros(),
                    sensors.silentAt(clock.instant()), executor.refusedByRule(),
                    executor.failSafe(), remote.current().version(), remote.lastRefusal());
            PublishOptions o = PublishOptions.contentType(Codecs.heartbeat().contentType());
            // Seam: enqueue on the durable outbox (task A) as telemetry once merged; today straight to the cloud broker.
            uplink.publish(topics.mqtt(Channel.TELEMETRY, gateway), Codecs.heartbeat().encode(h), 1, o)
                    .whenComplete((v, e) -> {
                        if (e == null) {
                            heartbeatsSent.increment();
                        } else {
                            heartbeatFailures.increment();
                            log.debug("heartbeat {} not sent: {}", h.sequence(), e.toString());
                        }
                    });
            return h;
        } catch (RuntimeException e) {
            heartbeatFailures.increment();
            log.error("heartbeat could not be made", e);
            return null;
        }
    }

    DeviceStats stats() {
        java.util.Map<String, Long> refused = new java.util.TreeMap<>(executor.refusedByRule());
        if (wrongTopic.sum() > 0) {
            refused.put(WRONG_TOPIC, wrongTopic.sum());
        }
        return new DeviceStats(executor.executed(), refused, executor.enforcedByRule(), executor.failSafe(),
                forward.failures(), commandsUndecodable.sum(), heartbeatsSent.sum(), heartbeatFailures.sum(),
                sensors.silences(), remote.applied(), remote.refused());
    }

    long heartbeatsSent() {
        return heartbeatsSent.sum();
    }

    long heartbeatFailures() {
        return heartbeatFailures.sum();
    }

    long commandsUndecodable() {
        return commandsUndecodable.sum();
    }

    long forwardFailures() {
        return forward.failures();
    }

    /** Runs a local command through the executor; true if it was carried out. */
    boolean executeLocal(Command c) {
        return executor.execute(c).executed();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            outputs.close();
        } finally {
            seen.close();
        }
    }
}
