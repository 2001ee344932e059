package dev.cascade.protocol.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.Fixtures;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmWireTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final DeviceId PRESS = DeviceId.of("press-07");

    @Test
    void alarm_throughItsLifecycle_roundTripsThroughJson() {
        Alarm a = Alarm.raised("alarm-0001", PRESS, "anomaly", Severity.WARNING, "score high", T0)
                .reported(Severity.CRITICAL, "score higher", T0.plusSeconds(5))
                .reported(Severity.INFO, "score lower", T0.plusSeconds(9))
                .acknowledged("ana", "looking at it", T0.plusSeconds(20))
                .cleared(Alarm.SYSTEM, "", T0.plusSeconds(60));

        assertThat(a.status()).isEqualTo(AlarmStatus.CLEARED_ACK);
        assertThat(a.status().closed()).isTrue();
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.note()).isEqualTo("looking at it");
        assertThat(Codecs.alarm().decode(Codecs.alarm().encode(a)).orElseThrow()).isEqualTo(a);
    }

    @Test
    void alarm_acknowledgedWithoutOperator_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new Alarm("alarm-0001", PRESS, "anomaly", Severity.INFO, AlarmStatus.ACTIVE_ACK, 1, "",
                T0, T0, T0, "", T0, "", "", null, 0))
                .hasMessageContaining("acknowledgedBy");
    }

    @Test
    void operatorAction_onDevice_roundTrips_andRefusesAnAlarmIdForADeviceAction() {
        OperatorAction resume = OperatorAction.of(OperatorActionType.RESUME_MACHINE, "press-07", "ana", "bearing replaced", T0);
        assertThat(Codecs.operatorAction().decode(Codecs.operatorAction().encode(resume)).orElseThrow()).isEqualTo(resume);
        assertThat(resume.device()).isEqualTo(PRESS);

        assertThatThrownBy(() -> OperatorAction.of(OperatorActionType.LOCK_DEVICE, "Not A Device!", "ana", "", T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, "alarm-0001", "bad name", "", T0))
                .hasMessageContaining("operator");
    }

    @Test
    void commandAck_refusedByARule_carriesTheRuleOnTheWire() {
        StopMachine stop = new StopMachine(Fixtures.header(), "anomaly");
        CommandAck ack = CommandAck.refused(stop, AckStatus.INTERLOCKED, "min_interval", "started 2 s ago", T0);

        String json = new String(Codecs.commandAck().encode(ack), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).contains("\"rule\":\"min_interval\"");
        assertThat(Codecs.commandAck().decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow())
                .isEqualTo(ack);
        assertThat(CommandAck.of(stop, AckStatus.EXECUTED, "", T0).rule()).isEmpty();
    }
}
