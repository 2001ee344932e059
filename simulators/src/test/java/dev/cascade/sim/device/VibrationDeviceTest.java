package dev.cascade.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VibrationDeviceTest {
    private static final DeviceId PRESS = DeviceId.of("press-01");
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    private static VibrationDevice device(double acceleration) {
        return new VibrationDevice(PRESS, new Machine(MachineSpec.defaults(), 1), acceleration);
    }

    @Test
    void windows_carryConsecutiveSequences_theFirstSampleTime_andFreshCorrelationIds() {
        VibrationDevice d = device(1);
        SensorWindow a = d.nextWindow(T0).orElseThrow();
        SensorWindow b = d.nextWindow(T0.plusSeconds(5)).orElseThrow();

        assertThat(a.kind()).isEqualTo(SensorKind.VIBRATION);
        assertThat(a.samples().channels()).isEqualTo(1);
        assertThat(a.samples().frames()).isEqualTo(1024);
        assertThat(a.sampleRateHz()).isEqualTo(8192);
        assertThat(a.sentAt()).isEqualTo(T0);
        assertThat(a.timestamp()).isEqualTo(T0.minusMillis(125));
        assertThat(a.sequence()).isZero();
        assertThat(b.sequence()).isEqualTo(1);
        assertThat(b.correlationId()).isNotEqualTo(a.correlationId());
        assertThat(d.machine().elapsedSeconds()).isEqualTo(5.125, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void timeAcceleration_runsTheMachineFasterBetweenWindows() {
        VibrationDevice d = device(3600);
        d.machine().inject(new Fault(FaultType.BEARING_OUTER, 0.1, 0.1));
        d.nextWindow(T0);
        d.nextWindow(T0.plusSeconds(1).plusMillis(125));   // one wall second = one machine hour
        assertThat(d.machine().severity(FaultType.BEARING_OUTER)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void stop_isExecutedOnce_thenAcknowledgedAsDuplicate() {
        VibrationDevice d = device(1);
        StopMachine stop = Commands.stop(PRESS, T0);

        CommandAck first = d.handle(stop, T0.plusMillis(2));
        CommandAck again = d.handle(stop, T0.plusMillis(5));

        assertThat(first.status()).isEqualTo(AckStatus.EXECUTED);
        assertThat(first.detail()).isEqualTo("stopped: anomaly score 0.97 > 0.8");
        assertThat(first.correlationId()).isEqualTo(stop.header().correlationId());
        assertThat(first.windowSentAt()).isEqualTo(stop.header().windowSentAt());
        assertThat(d.machine().running()).isFalse();
        assertThat(again.status()).isEqualTo(AckStatus.DUPLICATE);
        assertThat(again.detail()).isEqualTo("already executed at " + T0.plusMillis(2));
    }

    @Test
    void resume_releasesTheStop() {
        VibrationDevice d = device(1);
        d.handle(Commands.stop(PRESS, T0), T0);
        CommandAck ack = d.handle(Commands.resume(PRESS, T0), T0);
        assertThat(ack.status()).isEqualTo(AckStatus.EXECUTED);
        assertThat(d.machine().running()).isTrue();
        assertThat(d.handle(Commands.resume(PRESS, T0), T0).detail()).isEqualTo("already running");
    }

    @Test
    void resumeNotByAnOperator_isRejected_andTheMachineStaysStopped() {
        VibrationDevice d = device(1);
        d.handle(Commands.stop(PRESS, T0), T0);
        CommandAck ack = d.handle(Commands.cloudResume(PRESS, T0), T0);
        assertThat(ack.status()).isEqualTo(AckStatus.REJECTED);
        assertThat(ack.rule()).isEqualTo("resume_requires_operator");
        assertThat(ack.detail()).isEqualTo("a stop can only be lifted by an operator: origin must be operator with the"
                + " operator named, was cloud (no operator)");
        assertThat(d.machine().running()).isFalse();
    }

    @Test
    void expiredStop_isRefusedAndNotCarriedOut() {
        VibrationDevice d = device(1);
        CommandAck ack = d.handle(Commands.stop(PRESS, T0), T0.plusSeconds(30));
        assertThat(ack.status()).isEqualTo(AckStatus.EXPIRED);
        assertThat(ack.detail()).isEqualTo("expired at " + T0.plusSeconds(30) + ", device time " + T0.plusSeconds(30));
        assertThat(d.machine().running()).isTrue();
    }

    @Test
    void valveCommand_isUnsupported() {
        VibrationDevice d = device(1);
        CommandAck ack = d.handle(Commands.open(PRESS, T0, Duration.ofMinutes(5)), T0);
        assertThat(ack.status()).isEqualTo(AckStatus.UNSUPPORTED);
        assertThat(ack.detail()).isEqualTo("a machine supports stop_machine and resume_machine, not open_valve");
    }

    @Test
    void commandForAnotherDevice_isACallerMistake() {
        VibrationDevice d = device(1);
        assertThatThrownBy(() -> d.handle(Commands.stop(DeviceId.of("press-02"), T0), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command.header.deviceId must be press-01, was press-02");
    }
}
