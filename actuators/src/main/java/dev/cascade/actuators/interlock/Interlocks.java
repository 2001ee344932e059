package dev.cascade.actuators.interlock;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one seam where the bridge decides whether a command may go to its device: unknown device, unsupported
 * command, operator-only resume, operator lock-out, maximum open time, minimum interval between a stop and the
 * next start, rate limit, conflicting commands. Stops (close, stop) are never held back by the minimum interval.
 * Conflicts: the later command wins; the earlier, still unacknowledged opposite command is withdrawn. Refusals
 * are counted by rule. Thread-safe.
 */
public final class Interlocks {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final InterlockConfig config;
    private final Map<DeviceId, DeviceState> devices = new HashMap<>();
    private final Map<DeviceId, Lock> locks = new HashMap<>();
    private final Map<Rule, LongAdder> refused = new EnumMap<>(Rule.class);

    /** A device's lock-out: who set it, when, why. */
    public record Lock(String operator, String note, Instant at) {}

    /** What to do with a command: refuse it, or send it (withdrawing an earlier, opposite pending command). */
    public sealed interface Decision permits Refuse, Send {}

    /** Do not send; acknowledge with the refusal. */
    public record Refuse(Refusal refusal) implements Decision {}

    /** Send; {@code supersedes} is the earlier opposite command still awaiting acknowledgement, to withdraw. */
    public record Send(Optional<CommandId> supersedes) implements Decision {}

    private static final class DeviceState {
        final ArrayDeque<Instant> sent = new ArrayDeque<>();
        Instant lastStop;
        /** The last command sent and not yet settled, with its direction. */
        CommandId inFlight;
        Direction inFlightDirection;
    }

    private enum Direction { START, STOP }

    public Interlocks(InterlockConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        for (Rule r : Rule.values()) {
            refused.put(r, new LongAdder());
        }
    }

    /** Decides {@code command} at {@code now}; a command that may be sent is recorded as sent. */
    public synchronized Decision check(Command command, Instant now) {
        DeviceId device = command.header().deviceId();
        Optional<DeviceKind> kind = config.kindOf(device.value());
        if (kind.isEmpty() && !config.kinds().isEmpty()) {
            return refuse(AckStatus.REJECTED, Rule.UNKNOWN_DEVICE, "deviceId must be a device of a configured kind ("
                    + String.join(", ", config.kinds().stream().map(DeviceKind::name).toList()) + "), was " + device);
        }
        if (kind.isPresent() && !kind.get().commands().contains(command.type())) {
            return refuse(AckStatus.UNSUPPORTED, Rule.UNSUPPORTED_COMMAND, "a " + kind.get().name() + " takes "
                    + String.join(", ", kind.get().commands().stream().sorted().toList()) + ", not " + command.type());
        }
        if (command instanceof ResumeMachine r && !r.byOperator()) {
            return refuse(AckStatus.REJECTED, Rule.RESUME_REQUIRES_OPERATOR, "a safety stop can only be lifted by an"
                    + " operator: origin must be operator with the operator named, was " + r.header().origin().displayName()
                    + (r.operator().isEmpty() ? " (no operator)" : " (" + r.operator() + ")"));
        }
        Lock lock = locks.get(device);
        if (lock != null) {
            return refuse(AckStatus.INTERLOCKED, Rule.LOCKED_OUT, device + " is locked out by operator " + lock.operator()
                    + " since " + lock.at() + (lock.note().isEmpty() ? "" : ": " + lock.note()));
        }
        if (command instanceof OpenValve o && kind.flatMap(DeviceKind::maxOpen).isPresent()
                && o.duration().compareTo(kind.get().maxOpen().get()) > 0) {
            return refuse(AckStatus.INTERLOCKED, Rule.MAX_OPEN_TIME, "duration must be <= " + kind.get().maxOpen().get()
                    + " for a " + kind.get().name() + ", was " + o.duration());
        }
        DeviceState s = devices.computeIfAbsent(device, d -> new DeviceState());
        Optional<Direction> direction = direction(command);
        Duration minInterval = kind.map(DeviceKind::minInterval).orElse(Duration.ZERO);
        if (direction.orElse(null) == Direction.START && s.lastStop != null && !minInterval.isZero()) {
            Duration since = Duration.between(s.lastStop, now);
            if (since.compareTo(minInterval) < 0) {
                return refuse(AckStatus.INTERLOCKED, Rule.MIN_INTERVAL, command.type() + " must come >= " + minInterval
                        + " after the last stop of " + device + ", was " + since);
            }
        }
        int perMinute = kind.map(DeviceKind::maxPerMinute).orElse(config.defaultMaxPerMinute());
        Instant cutoff = now.minus(MINUTE);
        while (!s.sent.isEmpty() && !s.sent.peekFirst().isAfter(cutoff)) {
            s.sent.pollFirst();
        }
        if (s.sent.size() >= perMinute) {
            return refuse(AckStatus.INTERLOCKED, Rule.RATE_LIMIT, "rate limit: more than " + perMinute
                    + " commands a minute for " + device);
        }
        s.sent.addLast(now);
        Optional<CommandId> supersedes = Optional.empty();
        if (direction.isPresent()) {
            if (s.inFlight != null && s.inFlightDirection != direction.get()) {
                supersedes = Optional.of(s.inFlight);
            }
            s.inFlight = command.commandId();
            s.inFlightDirection = direction.get();
            if (direction.get() == Direction.STOP) {
                s.lastStop = now;
            }
        }
        return new Send(supersedes);
    }

    /** The command's fate is known (acknowledged, refused, expired): it is no longer in flight. */
    public synchronized void settled(DeviceId device, CommandId id) {
        DeviceState s = devices.get(device);
        if (s != null && id.equals(s.inFlight)) {
            s.inFlight = null;
            s.inFlightDirection = null;
        }
    }

    /** Counts a refusal by {@code rule} decided elsewhere (a withdrawn conflict, a device's signature check). */
    public void count(Rule rule) {
        refused.get(rule).increment();
    }

    /** Locks {@code device} out: every command for it is refused until {@link #unlock}. */
    public synchronized void lock(DeviceId device, Lock lock) {
        locks.put(device, lock);
    }

    public synchronized void unlock(DeviceId device) {
        locks.remove(device);
    }

    public synchronized Optional<Lock> lockOf(DeviceId device) {
        return Optional.ofNullable(locks.get(device));
    }

    /** Refusals so far, by rule. */
    public Map<Rule, Long> refusals() {
        Map<Rule, Long> out = new EnumMap<>(Rule.class);
        refused.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    private Refuse refuse(AckStatus status, Rule rule, String detail) {
        refused.get(rule).increment();
        return new Refuse(new Refusal(status, rule, detail));
    }

    private static Optional<Direction> direction(Command c) {
        if (c instanceof OpenValve || c instanceof ResumeMachine) {
            return Optional.of(Direction.START);
        }
        if (c instanceof CloseValve || c instanceof StopMachine) {
            return Optional.of(Direction.STOP);
        }
        return Optional.empty();
    }
}
