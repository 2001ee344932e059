package dev.cascade.actuators.interlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterlocksTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final DeviceKind VALVE = new DeviceKind("valve", List.of("zone-"), Set.of("open_valve", "close_valve"),
            Optional.of(Duration.ofMinutes(30)), Duration.ofMinutes(1), 3);
    private static final DeviceKind MACHINE = new DeviceKind("machine", List.of("machine-"),
            Set.of("stop_machine", "resume_machine"), Optional.empty(), Duration.ofSeconds(30), 60);
    private final Interlocks interlocks = new Interlocks(new InterlockConfig(List.of(VALVE, MACHINE), 60));

    private static CommandHeader header(String device, CommandOrigin origin, Instant now) {
        return CommandHeader.caused("x", DeviceId.of(device), CorrelationId.random(), origin, now, Duration.ofMinutes(5), now);
    }

    private static OpenValve open(String device, Duration d, Instant now) {
        return new OpenValve(header(device, CommandOrigin.CLOUD, now), d);
    }

    private static CloseValve close(String device, Instant now) {
        return new CloseValve(header(device, CommandOrigin.CLOUD, now));
    }

    private static StopMachine stop(String device, Instant now) {
        return new StopMachine(header(device, CommandOrigin.CLOUD, now), "anomaly");
    }

    private static ResumeMachine operatorResume(String device, Instant now) {
        return new ResumeMachine(header(device, CommandOrigin.OPERATOR, now), "inspected", "alice");
    }

    private Refusal refusal(Command c, Instant now) {
        Interlocks.Decision d = interlocks.check(c, now);
        assertThat(d).isInstanceOf(Interlocks.Refuse.class);
        return ((Interlocks.Refuse) d).refusal();
    }

    private Interlocks.Send sent(Command c, Instant now) {
        Interlocks.Decision d = interlocks.check(c, now);
        assertThat(d).isInstanceOf(Interlocks.Send.class);
        return (Interlocks.Send) d;
    }

    @Test
    void unknownDevice_isRejectedNamingTheKinds() {
        Refusal r = refusal(stop("pump-1", T0), T0);
        assertThat(r.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(r.rule()).isEqualTo(Rule.UNKNOWN_DEVICE);
        assertThat(r.detail()).isEqualTo("deviceId must be a device of a configured kind (valve, machine), was pump-1");
    }

    @Test
    void commandTheKindDoesNotTake_isUnsupported() {
        Refusal r = refusal(stop("zone-1", T0), T0);
        assertThat(r.status()).isEqualTo(AckStatus.UNSUPPORTED);
        assertThat(r.rule()).isEqualTo(Rule.UNSUPPORTED_COMMAND);
        assertThat(r.detail()).isEqualTo("a valve takes close_valve, open_valve, not stop_machine");
    }

    @Test
    void openLongerThanMaxOpen_isInterlocked() {
        Refusal r = refusal(open("zone-1", Duration.ofMinutes(45), T0), T0);
        assertThat(r.rule()).isEqualTo(Rule.MAX_OPEN_TIME);
        assertThat(r.detail()).isEqualTo("duration must be <= PT30M for a valve, was PT45M");
        assertThat(sent(open("zone-1", Duration.ofMinutes(30), T0), T0).supersedes()).isEmpty();
    }

    @Test
    void startSoonerThanMinIntervalAfterAStop_isInterlocked_butStopsAreNeverHeld() {
        sent(stop("machine-1", T0), T0);
        Refusal r = refusal(operatorResume("machine-1", T0.plusSeconds(10)), T0.plusSeconds(10));
        assertThat(r.rule()).isEqualTo(Rule.MIN_INTERVAL);
        assertThat(r.detail()).isEqualTo("resume_machine must come >= PT30S after the last stop of machine-1, was PT10S");
        sent(stop("machine-1", T0.plusSeconds(11)), T0.plusSeconds(11));
        sent(operatorResume("machine-1", T0.plusSeconds(42)), T0.plusSeconds(42));
    }

    @Test
    void resumeNotByAnOperator_isRejected() {
        Refusal cloud = refusal(new ResumeMachine(header("machine-2", CommandOrigin.CLOUD, T0), "cooldown over"), T0);
        Refusal unnamed = refusal(new ResumeMachine(header("machine-2", CommandOrigin.OPERATOR, T0), "inspected"), T0);
        assertThat(cloud.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(cloud.rule()).isEqualTo(Rule.RESUME_REQUIRES_OPERATOR);
        assertThat(cloud.detail()).endsWith("was cloud (no operator)");
        assertThat(unnamed.detail()).endsWith("was operator (no operator)");
    }

    @Test
    void lockedDevice_isRefusedUntilUnlocked() {
        interlocks.lock(DeviceId.of("machine-3"), new Interlocks.Lock("bob", "bearing swap", T0));
        Refusal r = refusal(stop("machine-3", T0), T0);
        assertThat(r.rule()).isEqualTo(Rule.LOCKED_OUT);
        assertThat(r.detail()).isEqualTo("machine-3 is locked out by operator bob since 2026-12-01T12:00:00Z: bearing swap");
        interlocks.unlock(DeviceId.of("machine-3"));
        sent(stop("machine-3", T0), T0);
    }

    @Test
    void moreThanTheKindsRatePerMinute_isInterlocked() {
        for (int i = 0; i < 3; i++) {
            sent(close("zone-2", T0.plusSeconds(i)), T0.plusSeconds(i));
        }
        Refusal r = refusal(close("zone-2", T0.plusSeconds(5)), T0.plusSeconds(5));
        assertThat(r.rule()).isEqualTo(Rule.RATE_LIMIT);
        assertThat(r.detail()).isEqualTo("rate limit: more than 3 commands a minute for zone-2");
        sent(close("zone-2", T0.plusSeconds(61)), T0.plusSeconds(61));
    }

    @Test
    void oppositeCommandWhileTheFirstIsUnacknowledged_supersedesIt() {
        OpenValve first = open("zone-3", Duration.ofMinutes(10), T0);
        assertThat(sent(first, T0).supersedes()).isEmpty();
        assertThat(sent(close("zone-3", T0), T0).supersedes()).contains(first.commandId());
    }

    @Test
    void oppositeCommandAfterTheFirstSettled_supersedesNothing() {
        OpenValve first = open("zone-4", Duration.ofMinutes(10), T0);
        sent(first, T0);
        interlocks.settled(first.header().deviceId(), first.commandId());
        assertThat(sent(close("zone-4", T0), T0).supersedes()).isEmpty();
    }

    @Test
    void refusals_areCountedByRule() {
        refusal(stop("pump-1", T0), T0);
        refusal(stop("pump-2", T0), T0);
        refusal(stop("zone-1", T0), T0);
        assertThat(interlocks.refusals()).containsEntry(Rule.UNKNOWN_DEVICE, 2L).containsEntry(Rule.UNSUPPORTED_COMMAND, 1L)
                .containsEntry(Rule.RATE_LIMIT, 0L);
    }

    @Test
    void withoutKinds_everyDeviceTakesEveryCommand() {
        Interlocks open = new Interlocks(InterlockConfig.rateLimitOnly(60));
        assertThat(open.check(stop("anything-1", T0), T0)).isInstanceOf(Interlocks.Send.class);
        assertThat(open.check(open("anything-1", Duration.ofHours(6), T0), T0)).isInstanceOf(Interlocks.Send.class);
    }
}
