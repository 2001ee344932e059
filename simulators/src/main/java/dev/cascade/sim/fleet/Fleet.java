package dev.cascade.sim.fleet;

import dev.cascade.protocol.codec.Codec;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandSignature;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.checks.Checks;
import dev.cascade.sim.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many simulated devices from one process: a few worker threads send every device's windows
 * on its own schedule (with jitter and the device's clock error), carry out the commands that arrive
 * for it and publish its acknowledgements, and play scheduled events (faults, outages). Devices share
 * the {@link Transport}'s few connections but each uses its own topics. Thread-safe; must be closed
 * (it closes the transport it was given).
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final Codec<SensorWindow> WINDOWS = Codecs.sensorWindow();
    private static final Codec<Command> COMMANDS = Codecs.command();
    private static final Codec<CommandAck> ACKS = Codecs.commandAck();
    /** Fleets up to this size subscribe per device; larger ones subscribe to one filter. */
    public static final int PER_DEVICE_SUBSCRIPTIONS = 256;

    private final Transport transport;
    private final FleetOptions options;
    private final InstantSource clock;
    private final FleetObserver observer;
    private final List<FleetEvent> events;
    private final List<Worker> workers = new ArrayList<>();
    private final Map<DeviceId, Slot> slots = new LinkedHashMap<>();
    private final Topics topics;
    private final Optional<CommandSignature.Verifier> verifier;

    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder slips = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder acksFailed = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final Map<AckStatus, LongAdder> acks = new EnumMap<>(AckStatus.class);

    private ScheduledExecutorService eventTimer;
    private volatile long startNanos;
    private volatile Instant startInstant;
    private volatile boolean started;

    public Fleet(List<FleetDevice> devices, List<FleetEvent> events, Transport transport, FleetOptions options,
                 InstantSource clock, FleetObserver observer) {
        this(devices, events, transport, options, clock, observer, Optional.empty());
    }

    /**
     * A fleet whose devices obey only commands signed by one of {@code verifier}'s trusted keys (when present): an
     * unsigned or forged command is answered {@code REJECTED} with rule {@code signature} and never executed.
     */
    public Fleet(List<FleetDevice> devices, List<FleetEvent> events, Transport transport, FleetOptions options,
                 InstantSource clock, FleetObserver observer, Optional<CommandSignature.Verifier> verifier) {
        this.verifier = Checks.notNull(verifier, "verifier");
        Checks.check(devices != null && !devices.isEmpty(), "devices", "not empty", devices == null ? null : "[]");
        this.events = List.copyOf(Checks.notNull(events, "events"));
        this.transport = Checks.notNull(transport, "transport");
        this.options = Checks.notNull(options, "options");
        this.clock = Checks.notNull(clock, "clock");
        this.observer = Checks.notNull(observer, "observer");
        this.topics = options.topics();
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
        for (AckStatus s : AckStatus.values()) {
            acks.put(s, new LongAdder());
        }
        for (int i = 0; i < options.workers(); i++) {
            workers.add(new Worker("cascade-sim-worker-" + i, options.seed() * 31 + i, options.jitter(), this::fire,
                    slips::increment, errors::increment));
        }
        int i = 0;
        for (FleetDevice d : devices) {
            DeviceId id = d.device().id();
            Checks.check(!slots.containsKey(id), "devices", "unique ids", "a duplicate " + id);
            Worker w = workers.get(i++ % workers.size());
            slots.put(id, new Slot(d, w, topics.mqtt(Channel.WINDOWS, id), topics.mqtt(Channel.ACKS, id)));
        }
    }

    /**
     * Connects, subscribes to the devices' command topics and starts sending. Up to
     * {@link #PER_DEVICE_SUBSCRIPTIONS} devices each subscribe to their own topic; a larger fleet
     * subscribes once to the namespace's command filter and routes by topic (commands for devices it
     * does not have are counted as {@code unknown_device}).
     */
    public void start() {
        if (started) {
            throw new IllegalStateException("fleet already started");
        }
        started = true;
        List<Transport.Subscription> subscriptions = new ArrayList<>();
        if (slots.size() <= PER_DEVICE_SUBSCRIPTIONS) {
            for (DeviceId id : slots.keySet()) {
                subscriptions.add(new Transport.Subscription(topics.mqtt(Channel.COMMANDS, id), Optional.of(id)));
            }
        } else {
            subscriptions.add(new Transport.Subscription(topics.mqttFilter(Channel.COMMANDS), Optional.empty()));
        }
        transport.start(subscriptions, this::onMessage);
        startNanos = System.nanoTime();
        startInstant = clock.instant();
        for (Slot s : slots.values()) {
            s.link = transport.link(s.device.id());
            s.publishState();
            s.worker.add(s, startNanos);
        }
        for (FleetEvent e : events) {
            if (e.at().isZero()) {
                apply(e);   // queued before the workers start, so it holds from the first window
            }
        }
        for (Worker w : workers) {
            w.start();
        }
        if (events.stream().anyMatch(e -> !e.at().isZero())) {
            eventTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cascade-sim-events");
                t.setDaemon(true);
                return t;
            });
            for (FleetEvent e : events) {
                if (!e.at().isZero()) {
                    eventTimer.schedule(() -> apply(e), e.at().toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
        LOG.info("fleet started: {} devices on {} workers", slots.size(), workers.size());
    }

    private void fire(Slot slot) {
        Instant sentAt = slot.deviceNow(clock.instant(), startInstant);
        if (System.nanoTime() < slot.silentUntilNanos) {
            slot.device.skipWindow(sentAt);
            suppressed.increment();
            slot.publishState();
            return;
        }
        Optional<SensorWindow> window = slot.device.nextWindow(sentAt);
        slot.publishState();
        if (window.isEmpty()) {
            dropped.increment();
            return;
        }
        SensorWindow w = window.get();
        byte[] payload = WINDOWS.encode(w);
        published.increment();
        bytes.add(payload.length);
        observer.windowSent(w);
        slot.link.publish(slot.windowTopic, payload, WINDOWS.contentType(), w.correlationId(), new Transport.Delivery() {
            @Override
            public void delivered() {
                delivered.increment();
            }

            @Override
            public void failed(Throwable cause) {
                failed.increment();
                LOG.debug("window {} of {} not published: {}", w.sequence(), w.deviceId(), cause.toString());
            }
        });
    }

    private void onMessage(String topic, byte[] payload, Map<String, String> properties) {
        Optional<Topics.Route> route = topics.parseMqtt(topic);
        Slot slot = route.filter(r -> r.channel() == Channel.COMMANDS).map(r -> slots.get(r.device())).orElse(null);
        if (slot == null) {
            reject(RejectReason.UNKNOWN_DEVICE, "no device of this fleet listens on " + topic);
            return;
        }
        Decoded<Command> decoded = COMMANDS.decode(payload);
        if (decoded instanceof Decoded.Rejected) {
            Decoded.Rejected<Command> r = (Decoded.Rejected<Command>) decoded;
            reject(r.rejection().reason(), r.rejection().detail());
            return;
        }
        Command command = decoded.orElseThrow();
        if (!command.header().deviceId().equals(slot.device.id())) {
            reject(RejectReason.WRONG_TOPIC, "command for " + command.header().deviceId() + " arrived on " + topic);
            return;
        }
        Optional<String> forged = verifier.flatMap(v -> v.refusal(payload, properties));
        if (forged.isPresent()) {
            reject(RejectReason.UNAUTHORIZED, "command " + command.commandId() + " for " + slot.device.id() + ": " + forged.get());
            slot.worker.submit(() -> answer(slot, CommandAck.refused(command, AckStatus.REJECTED, "signature",
                    forged.get(), slot.deviceNow(clock.instant(), startInstant))));
            return;
        }
        commands.increment();
        slot.worker.submit(() -> execute(slot, command));
    }

    private void reject(RejectReason reason, String detail) {
        rejected.get(reason).increment();
        LOG.debug("command rejected ({}): {}", reason.displayName(), detail);
    }

    private void execute(Slot slot, Command command) {
        CommandAck ack = slot.device.handle(command, slot.deviceNow(clock.instant(), startInstant));
        slot.publishState();
        answer(slot, ack);
    }

    private void answer(Slot slot, CommandAck ack) {
        acks.get(ack.status()).increment();
        observer.acked(ack);
        slot.link.publish(slot.ackTopic, ACKS.encode(ack), ACKS.contentType(), ack.correlationId(), new Transport.Delivery() {
            @Override
            public void delivered() {
            }

            @Override
            public void failed(Throwable cause) {
                acksFailed.increment();
                LOG.warn("ack of {} by {} not published: {}", ack.commandId(), ack.deviceId(), cause.toString());
            }
        });
    }

    private void apply(FleetEvent event) {
        for (Slot s : slots.values()) {
            if (!event.devices().picks(s.device.id(), options.seed())) {
                continue;
            }
            if (event instanceof FleetEvent.InjectFault) {
                if (s.device instanceof VibrationDevice) {
                    FleetEvent.InjectFault f = (FleetEvent.InjectFault) event;
                    s.worker.submit(() -> ((VibrationDevice) s.device).machine().inject(f.fault()));
                    faults.increment();
                }
            } else if (event instanceof FleetEvent.Dropout) {
                long until = System.nanoTime() + ((FleetEvent.Dropout) event).length().toNanos();
                s.worker.submit(() -> s.silentUntilNanos = until);
            }
        }
        LOG.info("event applied: {}", event);
    }

    /** The devices, by id (for inspection; their state belongs to the worker threads while running). */
    public Map<DeviceId, FleetDevice> devices() {
        Map<DeviceId, FleetDevice> out = new LinkedHashMap<>();
        slots.forEach((id, s) -> out.put(id, s.spec));
        return out;
    }

    public Topics topics() {
        return topics;
    }

    /** A snapshot of the counters; cheap enough to call every second. */
    public FleetStats stats() {
        int machines = 0;
        int running = 0;
        int zones = 0;
        int inBand = 0;
        double water = 0;
        long frames = 0;
        long framesInBand = 0;
        for (Slot s : slots.values()) {
            if (s.device instanceof VibrationDevice) {
                machines++;
                running += s.machineRunning ? 1 : 0;
            } else if (s.device instanceof SoilDevice) {
                zones++;
                inBand += s.inBandNow ? 1 : 0;
                water += s.waterUsedLitres;
                frames += s.frames;
                framesInBand += s.framesInBand;
            }
        }
        Map<RejectReason, Long> rej = new EnumMap<>(RejectReason.class);
        rejected.forEach((k, v) -> {
            if (v.sum() > 0) {
                rej.put(k, v.sum());
            }
        });
        Map<AckStatus, Long> ack = new EnumMap<>(AckStatus.class);
        acks.forEach((k, v) -> {
            if (v.sum() > 0) {
                ack.put(k, v.sum());
            }
        });
        Duration elapsed = started ? Duration.ofNanos(System.nanoTime() - startNanos) : Duration.ZERO;
        return new FleetStats(elapsed, slots.size(), machines, running, zones, published.sum(), delivered.sum(),
                failed.sum(), dropped.sum(), suppressed.sum(), bytes.sum(), slips.sum(), commands.sum(), rej, ack,
                acksFailed.sum(), faults.sum(), water, zones == 0 ? 0 : (double) inBand / zones,
                frames == 0 ? 0 : (double) framesInBand / frames, errors.sum());
    }

    /** Stops sending, then closes the transport. */
    @Override
    public void close() {
        if (eventTimer != null) {
            eventTimer.shutdownNow();
        }
        for (int i = workers.size() - 1; i >= 0; i--) {
            try {
                workers.get(i).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
        LOG.info("fleet stopped: {}", stats());
    }
}
