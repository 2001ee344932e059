package dev.cascade.edge.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandExecutorTest {
    private static final DeviceId ZONE = DeviceId.of("zone-1");
    private static final DeviceId PRESS = DeviceId.of("press-1");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final RecordingActuator output = new RecordingActuator();
    private final List<CommandAck> acks = new ArrayList<>();
    private final AtomicBoolean link = new AtomicBoolean(true);
    private final ActuateOptions options = new ActuateOptions(
            List.of(OutputSpec.log(ZONE, OutputKind.VALVE), OutputSpec.log(PRESS, OutputKind.MACHINE)),
            OutputType.LOG, Duration.ofMinutes(30), Duration.ofSeconds(60), Duration.ofMinutes(5), 64);

    private CommandExecutor executor(SeenCommands seen, CommandAuthority authority) {
        Outputs outputs = new Outputs(options, spec -> output, output, () -> {});
        return new CommandExecutor(outputs, options, seen, authority, acks::add, clock,
                link::get);
    }

    private CommandExecutor executor() {
        return executor(SeenCommands.inMemory(64), CommandAuthority.ACCEPT_ALL);
    }

    private CommandHeader header(String id, DeviceId d, CommandOrigin origin) {
        return new CommandHeader(CommandId.of("command-" + id), d, CorrelationId.of("corr-" + id), origin, clock.instant(),
                clock.instant().plusSeconds(30), clock.instant());
    }

    private Command open(String id, Duration d) {
        return new OpenValve(header(id, ZONE, CommandOrigin.CLOUD), d);
    }

    @Test
    void resume_fromCloudOrEdge_isInterlocked_andOnlyAnOperatorLiftsAStop() {
        CommandExecutor x = executor();
        x.execute(new StopMachine(header("stop-1", PRESS, CommandOrigin.EDGE), "bearing"));
        clock.advance(Duration.ofMinutes(5));

        Refusal fromCloud = x.execute(new ResumeMachine(header("resume-1", PRESS, CommandOrigin.CLOUD), "looks fine"));
        Refusal fromEdge = x.execute(new ResumeMachine(header("resume-2", PRESS, CommandOrigin.EDGE), "cooldown over"));
        Refusal fromOperator = x.execute(new ResumeMachine(header("resume-3", PRESS, CommandOrigin.OPERATOR), "checked"));

        assertThat(fromCloud.status()).isEqualTo(AckStatus.INTERLOCKED);
        assertThat(fromCloud.rule()).isEqualTo("resume_by_operator");
        assertThat(fromCloud.detail()).isEqualTo("a stopped machine resumes only on an operator's command, was from cloud");
        assertThat(fromEdge.rule()).isEqualTo("resume_by_operator");
        assertThat(fromOperator.executed()).isTrue();
        assertThat(output.types()).containsExactly("stop_machine:press-1", "resume_machine:press-1");
        assertThat(acks).extracting(CommandAck::status, CommandAck::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AckStatus.EXECUTED, ""),
                org.assertj.core.groups.Tuple.tuple(AckStatus.INTERLOCKED, "resume_by_operator"),
                org.assertj.core.groups.Tuple.tuple(AckStatus.INTERLOCKED, "resume_by_operator"),
                org.assertj.core.groups.Tuple.tuple(AckStatus.EXECUTED, ""));
        assertThat(x.refusedByRule()).isEqualTo(Map.of("resume_by_operator", 2L));
    }

    @Test
    void resume_soonerThanMinIntervalAfterStop_isInterlocked() {
        CommandExecutor x = executor();
        x.execute(new StopMachine(header("stop-1", PRESS, CommandOrigin.CLOUD), "anomaly"));
        clock.advance(Duration.ofSeconds(20));

        Refusal early = x.execute(new ResumeMachine(header("resume-1", PRESS, CommandOrigin.OPERATOR), "checked"));
        clock.advance(Duration.ofSeconds(40));
        Refusal later = x.execute(new ResumeMachine(header("resume-2", PRESS, CommandOrigin.OPERATOR), "checked"));

        assertThat(early.status()).isEqualTo(AckStatus.INTERLOCKED);
        assertThat(early.rule()).isEqualTo("min_start_stop_interval");
        assertThat(early.detail()).isEqualTo("stopped at 2026-06-01T10:00:00Z; may start from 2026-06-01T10:01:00Z");
        assertThat(later.executed()).isTrue();
    }

    @Test
    void command_pastItsExpiry_isRefusedExpired() {
        CommandExecutor x = executor();
        Command c = open("open-1", Duration.ofMinutes(5));
        clock.advance(Duration.ofSeconds(31));

        Refusal r = x.execute(c);

        assertThat(r.status()).isEqualTo(AckStatus.EXPIRED);
        assertThat(r.rule()).isEqualTo("expired");
        assertThat(r.detail()).isEqualTo("expired at 2026-06-01T10:00:30Z, now 2026-06-01T10:00:31Z");
        assertThat(output.executed).isEmpty();
        assertThat(acks.get(0).rule()).isEqualTo("expired");
    }

    @Test
    void command_repeated_isRefusedDuplicate_evenAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/commands.seen");
        Command c = open("open-1", Duration.ofMinutes(5));
        try (SeenCommands seen = SeenCommands.open(file, 64)) {
            assertThat(executor(seen, CommandAuthority.ACCEPT_ALL).execute(c).executed()).isTrue();
        }
        try (SeenCommands seen = SeenCommands.open(file, 64)) {
            Refusal again = executor(seen, CommandAuthority.ACCEPT_ALL).execute(c);

            assertThat(again.status()).isEqualTo(AckStatus.DUPLICATE);
            assertThat(again.rule()).isEqualTo("duplicate");
            assertThat(again.detail()).isEqualTo("command command-open-1 was already executed");
        }
        assertThat(output.executed).hasSize(1);
    }

    @Test
    void valve_openLongerThanMaxOpenTime_isClosedByTheAgent_andFurtherOpensRefused() {
        CommandExecutor x = executor();
        Refusal r = x.execute(open("open-1", Duration.ofHours(2)));
        assertThat(r.detail()).isEqualTo("open until 2026-06-01T10:30:00Z (capped by max_open_time PT30M)");
        clock.advance(Duration.ofMinutes(29));
        x.tick();
        assertThat(x.openValves()).containsExactly(ZONE);

        clock.advance(Duration.ofMinutes(1));
        x.tick();

        assertThat(x.openValves()).isEmpty();
        assertThat(output.types()).containsExactly("open_valve:zone-1", "close_valve:zone-1");
        assertThat(x.enforcedByRule()).isEqualTo(Map.of("max_open_time", 1L));
    }

    @Test
    void valve_reopenedPastMaxOpenTime_isInterlocked() {
        CommandExecutor x = executor();
        x.execute(open("open-1", Duration.ofMinutes(20)));
        clock.advance(Duration.ofMinutes(15));
        x.execute(open("open-2", Duration.ofMinutes(20)));
        clock.advance(Duration.ofMinutes(15));

        Refusal r = x.execute(open("open-3", Duration.ofMinutes(20)));

        assertThat(r.status()).isEqualTo(AckStatus.INTERLOCKED);
        assertThat(r.rule()).isEqualTo("max_open_time");
        assertThat(r.detail()).isEqualTo("open since 2026-06-01T10:00:00Z, at most PT30M in one go");
    }

    @Test
    void linkLost_longerThanFailSafeAfter_closesValves_andRefusesOpens_untilTheLinkReturns() {
        CommandExecutor x = executor();
        x.execute(open("open-1", Duration.ofMinutes(20)));
        link.set(false);
        clock.advance(Duration.ofMinutes(4));
        x.tick();
        assertThat(x.failSafe()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        x.tick();

        assertThat(x.failSafe()).isTrue();
        assertThat(x.openValves()).isEmpty();
        assertThat(output.types()).containsExactly("open_valve:zone-1", "close_valve:zone-1");
        Refusal r = x.execute(open("open-2", Duration.ofMinutes(5)));
        assertThat(r.status()).isEqualTo(AckStatus.INTERLOCKED);
        assertThat(r.rule()).isEqualTo("fail_safe");
        assertThat(r.detail()).isEqualTo("the cloud link is lost since 2026-06-01T10:00:00Z; valves stay in their"
                + " fail-safe state until it is back");

        link.set(true);
        x.tick();
        assertThat(x.failSafe()).isFalse();
        assertThat(x.execute(open("open-3", Duration.ofMinutes(5))).executed()).isTrue();
        assertThat(x.enforcedByRule()).isEqualTo(Map.of("fail_safe", 1L));
    }

    @Test
    void command_refusedByAuthority_isRejected() {
        CommandExecutor x = executor(SeenCommands.inMemory(64), (c, p, props) -> Optional.of("signature missing"));

        Refusal r = x.execute(open("open-1", Duration.ofMinutes(5)));

        assertThat(r.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(r.rule()).isEqualTo("authority");
        assertThat(r.detail()).isEqualTo("signature missing");
        assertThat(output.executed).isEmpty();
    }

    @Test
    void valveCommand_forAMachineOutput_isUnsupported() {
        CommandExecutor x = executor();

        Refusal r = x.execute(new CloseValve(header("close-1", PRESS, CommandOrigin.CLOUD)));

        assertThat(r.status()).isEqualTo(AckStatus.UNSUPPORTED);
        assertThat(r.rule()).isEqualTo("output_kind");
        assertThat(r.detail()).isEqualTo("press-1 drives a machine, not a valve (close_valve)");
    }

    @Test
    void output_thatFails_isAFailedOutcome_countedAndAcknowledged() {
        CommandExecutor x = executor();
        output.failing = true;

        Refusal r = x.execute(new StopMachine(header("stop-1", PRESS, CommandOrigin.EDGE), "bearing"));

        assertThat(r.status()).isEqualTo(AckStatus.FAILED);
        assertThat(r.rule()).isEqualTo("output_failed");
        assertThat(r.detail()).isEqualTo("relay driver not responding");
        assertThat(x.refusedByRule()).isEqualTo(Map.of("output_failed", 1L));
        assertThat(acks).extracting(CommandAck::status).containsExactly(AckStatus.FAILED);
    }

    @Test
    void execute_logsWithTheCommandsCorrelationId_andRestoresTheWindowsOne() {
        CommandExecutor x = executor();
        org.slf4j.MDC.put("correlationId", "window-corr-0001");
        try {
            x.execute(new StopMachine(header("stop-1", PRESS, CommandOrigin.EDGE), "bearing"));

            assertThat(output.correlationIds).containsExactly("corr-stop-1");
            assertThat(org.slf4j.MDC.get("correlationId")).isEqualTo("window-corr-0001");
        } finally {
            org.slf4j.MDC.remove("correlationId");
        }
    }

    @Test
    void cloudCommand_signedByTheBridge_isExecuted_unsignedOrForgedIsRejected_theEdgesOwnPass() throws Exception {
        java.security.KeyPair bridge = dev.cascade.protocol.command.CommandSignature.generate();
        java.security.KeyPair rogue = dev.cascade.protocol.command.CommandSignature.generate();
        var signer = new dev.cascade.protocol.command.CommandSignature.Signer("bridge-1", bridge.getPrivate());
        var forger = new dev.cascade.protocol.command.CommandSignature.Signer("bridge-1", rogue.getPrivate());
        CommandExecutor x = executor(SeenCommands.inMemory(64), CommandAuthority.signedBy(
                new dev.cascade.protocol.command.CommandSignature.Verifier(java.util.Map.of("bridge-1", bridge.getPublic()))));
        Command signed = open("signed-1", Duration.ofMinutes(5));
        byte[] signedBytes = dev.cascade.protocol.codec.Codecs.command().encode(signed);
        Command forged = open("forged-1", Duration.ofMinutes(5));
        byte[] forgedBytes = dev.cascade.protocol.codec.Codecs.command().encode(forged);
        Command unsigned = open("unsigned-1", Duration.ofMinutes(5));

        Refusal ok = x.execute(signed, signedBytes, signer.properties(signedBytes));
        Refusal bad = x.execute(forged, forgedBytes, forger.properties(forgedBytes));
        Refusal none = x.execute(unsigned, dev.cascade.protocol.codec.Codecs.command().encode(unsigned), java.util.Map.of());
        Refusal own = x.execute(open("own-1", Duration.ofMinutes(5)));

        assertThat(ok.executed()).isTrue();
        assertThat(bad.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(bad.rule()).isEqualTo("authority");
        assertThat(bad.detail()).contains("forged");
        assertThat(none.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(none.detail()).contains("unsigned");
        assertThat(own.executed()).as("the edge's own command carries no payload to sign").isTrue();
    }
}
