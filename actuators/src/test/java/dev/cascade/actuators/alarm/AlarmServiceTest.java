package dev.cascade.actuators.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Command STOP = new StopMachine(CommandHeader.caused("stop", DeviceId.of("press-1"),
            CorrelationId.random(), CommandOrigin.CLOUD, T0, Duration.ofMinutes(5), T0), "anomaly");

    @Test
    void ack_fromTheActuator_showsTheDeviceAlive() {
        assertThat(AlarmService.fromDevice(CommandAck.of(STOP, AckStatus.EXECUTED, "", T0))).isTrue();
        assertThat(AlarmService.fromDevice(CommandAck.of(STOP, AckStatus.INTERLOCKED, "local interlock", T0))).isTrue();
    }

    @Test
    void ack_writtenByTheBridgeForASilentActuator_doesNot() {
        assertThat(AlarmService.fromDevice(CommandAck.of(STOP, AckStatus.EXPIRED, "no acknowledgement", T0))).isFalse();
        assertThat(AlarmService.fromDevice(CommandAck.of(STOP, AckStatus.INTERLOCKED,
                "rate limit [answered by actuators bridge]", T0))).isFalse();
    }
}
