package dev.cascade.edge.actuate;

import dev.cascade.ops.logging.LogContext;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way commands reach the device's outputs, from the cloud (the agent's command subscription) and from the
 * edge's own decisions alike. Holds interlocks whatever the cloud says: expired and repeated commands are refused,
 * a machine resumes only on an operator's command and not sooner than the minimum interval after its stop, a valve
 * stays open at most the maximum open time (the agent closes it itself), and with the cloud link lost longer than
 * the fail-safe time the outputs go to their fail-safe state and refuse to leave it until the link is back. Every
 * outcome is counted by rule and acknowledged (except executions by a device that answers itself).
 * {@link #tick()} must be called every few hundred milliseconds. Thread-safe (serialised).
 */
public final class CommandExecutor {
    private static final Logger log = LoggerFactory.getLogger(CommandExecutor.class);
    private static final Duration INTERNAL_TTL = Duration.ofMinutes(1);
    /** The MDC key under which log lines about a command carry its correlation id (as the agent's for windows). */
    public static final String MDC_KEY = LogContext.CORRELATION_ID;

    private final Outputs outputs;
    private final ActuateOptions options;
    private final SeenCommands seen;
    private final CommandAuthority authority;
    private final AckSink acks;
    private final InstantSource clock;
    private final BooleanSupplier linkUp;
    private final Map<DeviceId, Valve> valves = new HashMap<>();
    private final Map<DeviceId, Machine> machines = new HashMap<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> enforced = new ConcurrentHashMap<>();
    private final LongAdder executed = new LongAdder();
    private Instant linkSeenAt;
    private volatile boolean failSafe;

    private static final class Valve {
        Instant openedAt;
        Instant closeAt;
        boolean capped;
    }

    private static final class Machine {
        boolean stopped;
        Instant changedAt;
    }

    /**
     * @param linkUp whether the cloud link is up now (read on each {@link #tick()})
     */
    public CommandExecutor(Outputs outputs, ActuateOptions options, SeenCommands seen, CommandAuthority authority,
                           AckSink acks, InstantSource clock, BooleanSupplier linkUp) {
        this.outputs = outputs;
        this.options = options;
        this.seen = seen;
        this.authority = authority;
        this.acks = acks;
        this.clock = clock;
        this.linkUp = linkUp;
        this.linkSeenAt = clock.instant();
    }

    /** Carries out {@code command} if no rule refuses it, and acknowledges the outcome. */
    public Refusal execute(Command command) {
        return execute(command, new byte[0]);
    }

    /** As {@link #execute(Command)}, for a command that arrived as {@code payload} (checked by the authority). */
    public Refusal execute(Command command, byte[] payload) {
        return execute(command, payload, java.util.Map.of());
    }

    /** As {@link #execute(Command, byte[])}, with the MQTT user properties it arrived with (its signature). */
    public synchronized Refusal execute(Command command, byte[] payload, java.util.Map<String, String> properties) {
        Instant now = clock.instant();
        try (LogContext ignored = LogContext.of(command.header().correlationId().value(),
                command.header().deviceId().value())) {
            Refusal r = decide(command, payload, properties, now);
            if (r.executed()) {
                executed.increment();
                if (!outputs.of(command.header().deviceId()).answersItself()) {
                    acks.send(CommandAck.of(command, AckStatus.EXECUTED, r.detail(), now));
                }
            } else {
                refused.computeIfAbsent(r.rule(), k -> new LongAdder()).increment();
                log.info("{} {} for {} from {} refused by {}: {}", command.type(), command.commandId().value(),
                        command.header().deviceId(), command.header().origin().displayName(), r.rule(), r.detail());
                acks.send(CommandAck.refused(command, r.status(), r.rule(), r.detail(), now));
            }
            return r;
        }
    }

    private Refusal decide(Command c, byte[] payload, java.util.Map<String, String> properties, Instant now) {
        CommandHeader h = c.header();
        DeviceId device = h.deviceId();
        String why = authority.refusal(c, payload, properties).orElse(null);
        if (why != null) {
            return new Refusal(AckStatus.REJECTED, Refusal.AUTHORITY, why);
        }
        OutputKind kind = OutputKind.of(c);
        OutputSpec spec = outputs.spec(device).orElse(null);
        if (spec != null && spec.kind() != kind) {
            return new Refusal(AckStatus.UNSUPPORTED, Refusal.OUTPUT_KIND, device + " drives a " + lower(spec.kind())
                    + ", not a " + lower(kind) + " (" + c.type() + ")");
        }
        if (h.expiredAt(now)) {
            return new Refusal(AckStatus.EXPIRED, Refusal.EXPIRED, "expired at " + h.expiresAt() + ", now " + now);
        }
        if (seen.contains(h.commandId())) {
            return new Refusal(AckStatus.DUPLICATE, Refusal.DUPLICATE, "command " + h.commandId().value()
                    + " was already executed");
        }
        Machine m = machines.get(device);
        Valve v = valves.get(device);
        String detail = "";
        if (c instanceof ResumeMachine) {
            if (h.origin() != CommandOrigin.OPERATOR) {
                return new Refusal(AckStatus.INTERLOCKED, Refusal.RESUME_BY_OPERATOR, "a stopped machine resumes only on"
                        + " an operator's command, was from " + h.origin().displayName());
            }
            if (m != null && m.stopped && now.isBefore(m.changedAt.plus(options.minStartStopInterval()))) {
                return new Refusal(AckStatus.INTERLOCKED, Refusal.MIN_START_STOP_INTERVAL, "stopped at " + m.changedAt
                        + "; may start from " + m.changedAt.plus(options.minStartStopInterval()));
            }
        } else if (c instanceof OpenValve open) {
            if (failSafe) {
                return new Refusal(AckStatus.INTERLOCKED, Refusal.FAIL_SAFE, "the cloud link is lost since " + linkSeenAt
                        + "; valves stay in their fail-safe state until it is back");
            }
            Instant openedAt = v != null && v.openedAt != null ? v.openedAt : now;
            Instant limit = openedAt.plus(options.maxValveOpen());
            if (!now.isBefore(limit)) {
                return new Refusal(AckStatus.INTERLOCKED, Refusal.MAX_OPEN_TIME, "open since " + openedAt + ", at most "
                        + options.maxValveOpen() + " in one go");
            }
            Instant until = now.plus(open.duration());
            boolean capped = until.isAfter(limit);
            detail = "open until " + (capped ? limit + " (capped by max_open_time " + options.maxValveOpen() + ")" : until);
        }
        try {
            outputs.of(device).execute(c);
        } catch (ActuatorException | RuntimeException e) {
            log.warn("{} {} for {} failed at its output: {}", c.type(), c.commandId().value(), device, e.toString());
            return new Refusal(AckStatus.FAILED, Refusal.OUTPUT_FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        seen.add(h.commandId());
        if (c instanceof OpenValve open) {
            Valve nv = v != null ? v : new Valve();
            nv.openedAt = nv.openedAt != null ? nv.openedAt : now;
            Instant limit = nv.openedAt.plus(options.maxValveOpen());
            Instant until = now.plus(open.duration());
            nv.capped = until.isAfter(limit);
            nv.closeAt = nv.capped ? limit : until;
            valves.put(device, nv);
        } else if (c instanceof CloseValve) {
            valves.remove(device);
        } else if (c instanceof StopMachine) {
            machine(device).stopped = true;
            machine(device).changedAt = now;
        } else if (c instanceof ResumeMachine) {
            machine(device).stopped = false;
            machine(device).changedAt = now;
        }
        return Refusal.executed(detail);
    }

    private Machine machine(DeviceId d) {
        return machines.computeIfAbsent(d, k -> new Machine());
    }

    /** Closes valves whose time is up and enters or leaves the fail-safe state, at the clock's now. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Map.Entry<DeviceId, Valve> e : new ArrayList<>(valves.entrySet())) {
            Valve v = e.getValue();
            if (!now.isBefore(v.closeAt)) {
                if (v.capped) {
                    enforced.computeIfAbsent(Refusal.MAX_OPEN_TIME, k -> new LongAdder()).increment();
                    log.warn("closing the valve of {}: open since {}, the longest allowed is {}", e.getKey(), v.openedAt,
                            options.maxValveOpen());
                }
                close(e.getKey(), now, v.capped ? Refusal.MAX_OPEN_TIME : "duration");
            }
        }
        if (linkUp.getAsBoolean()) {
            linkSeenAt = now;
            if (failSafe) {
                failSafe = false;
                log.warn("cloud link back: outputs leave their fail-safe state");
            }
            return;
        }
        if (!failSafe && !options.failSafeAfter().isZero()
                && !now.isBefore(linkSeenAt.plus(options.failSafeAfter()))) {
            failSafe = true;
            enforced.computeIfAbsent(Refusal.FAIL_SAFE, k -> new LongAdder()).increment();
            log.warn("cloud link lost since {} (more than {}): outputs go to their fail-safe state", linkSeenAt,
                    options.failSafeAfter());
            for (DeviceId d : new ArrayList<>(valves.keySet())) {
                if (failSafeOf(d, OutputKind.VALVE) == FailSafe.SAFE) {
                    close(d, now, Refusal.FAIL_SAFE);
                }
            }
            for (Map.Entry<DeviceId, Machine> e : machines.entrySet()) {
                if (!e.getValue().stopped && failSafeOf(e.getKey(), OutputKind.MACHINE) == FailSafe.SAFE) {
                    internal(new StopMachine(header("stop", e.getKey(), now), "fail-safe: cloud link lost"), now);
                    e.getValue().stopped = true;
                    e.getValue().changedAt = now;
                }
            }
            for (DeviceId d : outputs.driven()) {
                OutputSpec s = outputs.spec(d).orElseThrow();
                if (s.failSafe() == FailSafe.SAFE && s.kind() == OutputKind.MACHINE && !machines.containsKey(d)) {
                    internal(new StopMachine(header("stop", d, now), "fail-safe: cloud link lost"), now);
                    machine(d).stopped = true;
                    machine(d).changedAt = now;
                }
            }
        }
    }

    private FailSafe failSafeOf(DeviceId d, OutputKind kind) {
        return outputs.spec(d).map(OutputSpec::failSafe).orElse(FailSafe.defaultFor(kind));
    }

    private void close(DeviceId device, Instant now, String why) {
        valves.remove(device);
        internal(new CloseValve(header("close", device, now)), now);
        log.debug("closed the valve of {} ({})", device, why);
    }

    private void internal(Command c, Instant now) {
        try {
            outputs.of(c.header().deviceId()).execute(c);
        } catch (ActuatorException | RuntimeException e) {
            // Counted and logged: the next tick cannot retry a close it no longer tracks, so say so loudly.
            refused.computeIfAbsent(Refusal.OUTPUT_FAILED, k -> new LongAdder()).increment();
            log.error("{} for {} (the agent's own, at {}) failed at its output: {}", c.type(), c.header().deviceId(), now,
                    e.toString());
        }
    }

    private static CommandHeader header(String action, DeviceId device, Instant now) {
        return CommandHeader.caused(action, device, CorrelationId.random(), CommandOrigin.EDGE, now, INTERNAL_TTL, now);
    }

    /** Whether the outputs are held in their fail-safe state. */
    public boolean failSafe() {
        return failSafe;
    }

    /** Commands executed. */
    public long executed() {
        return executed.sum();
    }

    /** Commands refused, by the rule that refused them. */
    public Map<String, Long> refusedByRule() {
        return snapshot(refused);
    }

    /** What the agent did by itself, by rule: valves closed at {@code max_open_time}, entries into {@code fail_safe}. */
    public Map<String, Long> enforcedByRule() {
        return snapshot(enforced);
    }

    /** The devices whose valve the agent holds open now. */
    public synchronized List<DeviceId> openValves() {
        return valves.keySet().stream().sorted().toList();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
