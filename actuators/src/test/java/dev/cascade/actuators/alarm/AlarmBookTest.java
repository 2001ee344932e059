package dev.cascade.actuators.alarm;

import static dev.cascade.actuators.alarm.AlarmFixtures.anomaly;
import static dev.cascade.actuators.alarm.AlarmFixtures.irrigation;
import static dev.cascade.actuators.alarm.AlarmFixtures.refused;
import static dev.cascade.actuators.alarm.AlarmFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alarm.AlarmStatus;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmBookTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final AlarmPolicy policy = new AlarmPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10),
            Optional.of(Duration.ofMinutes(5)), 2, Optional.of(Duration.ofMinutes(15)), java.util.Map.of())
            .withOfflineAfter(SensorKind.VIBRATION, Duration.ofMinutes(2));
    private final AlarmBook book = new AlarmBook(policy);

    @Test
    void alert_sameDeviceAndCause_isOneAlarmWhoseCountGrows() {
        AlarmChange first = book.alert(irrigation("zone-3", T0), T0).get(0);
        AlarmChange last = null;
        for (int i = 1; i < 99; i++) {
            last = book.alert(irrigation("zone-3", T0.plusSeconds(i)), T0.plusSeconds(i)).get(0);
        }
        assertThat(first.event()).isEqualTo(AlarmEvent.RAISED);
        assertThat(last.event()).isEqualTo(AlarmEvent.REPORTED);
        assertThat(last.alarm().alarmId()).isEqualTo(first.alarm().alarmId());
        assertThat(last.alarm().count()).isEqualTo(99);
        assertThat(last.alarm().severity()).isEqualTo(Severity.INFO);
        assertThat(book.open()).hasSize(1);
    }

    @Test
    void alert_higherSeverity_updatesTheAlarm_andSeverityNeverFalls() {
        book.alert(anomaly("press-1", Severity.WARNING, T0), T0);
        AlarmChange up = book.alert(anomaly("press-1", Severity.CRITICAL, T0), T0.plusSeconds(1)).get(0);
        AlarmChange again = book.alert(anomaly("press-1", Severity.WARNING, T0), T0.plusSeconds(2)).get(0);
        assertThat(up.event()).isEqualTo(AlarmEvent.UPDATED);
        assertThat(up.alarm().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(again.event()).isEqualTo(AlarmEvent.REPORTED);
        assertThat(again.alarm().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(again.alarm().count()).isEqualTo(3);
    }

    @Test
    void alert_redelivered_isCountedOnce() {
        Alert a = anomaly("press-1", T0);
        book.alert(a, T0);
        assertThat(book.alert(a, T0.plusSeconds(1))).isEmpty();
        assertThat(book.open().get(0).count()).isEqualTo(1);
        assertThat(book.duplicates()).isEqualTo(1);
    }

    @Test
    void interlockRefusal_isInfoNotCritical_andExpiryIsWarning() {
        Alarm refusal = book.alert(refused("valve-1", AckStatus.INTERLOCKED, T0), T0).get(0).alarm();
        Alarm rejected = book.alert(refused("valve-2", AckStatus.REJECTED, T0), T0).get(0).alarm();
        Alarm expired = book.alert(refused("valve-3", AckStatus.EXPIRED, T0), T0).get(0).alarm();
        assertThat(refusal.cause()).isEqualTo("command_refused");
        assertThat(refusal.severity()).isEqualTo(Severity.INFO);
        assertThat(rejected.severity()).isEqualTo(Severity.INFO);
        assertThat(expired.cause()).isEqualTo("command_expired");
        assertThat(expired.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void normalWindows_endTheCondition_andTheAlarmClearsAfterTheHoldDown() {
        String id = book.alert(anomaly("press-1", T0), T0).get(0).alarm().alarmId();
        for (int i = 1; i <= 3; i++) {
            book.result(result("press-1", SensorKind.VIBRATION, Verdict.NORMAL, T0), T0.plusSeconds(i));
        }
        assertThat(book.tick(T0.plusSeconds(32))).isEmpty();
        List<AlarmChange> cleared = book.tick(T0.plusSeconds(33));
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).event()).isEqualTo(AlarmEvent.CLEARED);
        assertThat(cleared.get(0).alarm().alarmId()).isEqualTo(id);
        assertThat(cleared.get(0).alarm().status()).isEqualTo(AlarmStatus.CLEARED_UNACK);
        assertThat(cleared.get(0).alarm().clearedBy()).isEqualTo(Alarm.SYSTEM);
        assertThat(cleared.get(0).alarm().note()).isEqualTo("condition ended: 3 normal windows");
    }

    @Test
    void flappingCondition_withinTheHoldDown_staysOneAlarm() {
        List<String> ids = new ArrayList<>();
        Instant t = T0;
        for (int round = 0; round < 50; round++) {
            for (AlarmChange c : book.alert(anomaly("press-1", t), t)) {
                ids.add(c.alarm().alarmId());
            }
            for (int i = 0; i < 3; i++) {
                t = t.plusSeconds(1);
                book.result(result("press-1", SensorKind.VIBRATION, Verdict.NORMAL, t), t);
            }
            t = t.plusSeconds(20);
            assertThat(book.tick(t)).extracting(AlarmChange::event).doesNotContain(AlarmEvent.CLEARED, AlarmEvent.RAISED);
        }
        assertThat(ids).hasSize(50).containsOnly(ids.get(0));
        assertThat(book.open()).hasSize(1);
        assertThat(book.open().get(0).count()).isEqualTo(50);
    }

    @Test
    void unacknowledged_escalatesOnceAPeriod_upToTheHighestLevel_andAcknowledgedDoesNot() {
        book.alert(anomaly("press-1", T0), T0);
        book.alert(anomaly("press-2", T0), T0);
        String ackedId = book.open().get(1).alarmId();
        book.operator(OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, ackedId, "ana", "on it", T0), T0.plusSeconds(1));
        assertThat(book.tick(T0.plus(Duration.ofMinutes(4)))).isEmpty();
        List<AlarmChange> first = book.tick(T0.plus(Duration.ofMinutes(5)));
        assertThat(first).extracting(AlarmChange::event).containsExactly(AlarmEvent.ESCALATED);
        assertThat(first.get(0).alarm().deviceId()).isEqualTo(DeviceId.of("press-1"));
        assertThat(first.get(0).alarm().escalationLevel()).isEqualTo(1);
        assertThat(book.tick(T0.plus(Duration.ofMinutes(10))).get(0).alarm().escalationLevel()).isEqualTo(2);
        assertThat(book.tick(T0.plus(Duration.ofMinutes(15)))).extracting(AlarmChange::event).isEmpty();
    }

    @Test
    void openUnacknowledgedAlarm_isRemindedEveryPeriod() {
        AlarmBook b = new AlarmBook(policy.withEscalation(Optional.empty(), 0, Optional.of(Duration.ofMinutes(15))));
        b.alert(anomaly("press-1", T0), T0);
        assertThat(b.tick(T0.plus(Duration.ofMinutes(14)))).isEmpty();
        assertThat(b.tick(T0.plus(Duration.ofMinutes(15)))).extracting(AlarmChange::event).containsExactly(AlarmEvent.REMINDER);
        assertThat(b.tick(T0.plus(Duration.ofMinutes(16)))).isEmpty();
        assertThat(b.tick(T0.plus(Duration.ofMinutes(30)))).extracting(AlarmChange::event).containsExactly(AlarmEvent.REMINDER);
    }

    @Test
    void acknowledge_thenClear_closesTheAlarm_withWhoWhenAndNote() {
        String id = book.alert(anomaly("press-1", T0), T0).get(0).alarm().alarmId();
        Alarm acked = book.operator(OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, id, "ana", "bearing checked", T0),
                T0.plusSeconds(5)).get(0).alarm();
        assertThat(acked.status()).isEqualTo(AlarmStatus.ACTIVE_ACK);
        assertThat(acked.acknowledgedBy()).isEqualTo("ana");
        assertThat(acked.acknowledgedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(acked.note()).isEqualTo("bearing checked");
        Alarm cleared = book.operator(OperatorAction.of(OperatorActionType.CLEAR_ALARM, id, "ana", "", T0), T0.plusSeconds(9))
                .get(0).alarm();
        assertThat(cleared.status()).isEqualTo(AlarmStatus.CLEARED_ACK);
        assertThat(cleared.clearedBy()).isEqualTo("ana");
        assertThat(book.open()).isEmpty();
        assertThat(book.operator(OperatorAction.of(OperatorActionType.ACKNOWLEDGE_ALARM, id, "bo", "", T0), T0)).isEmpty();
        assertThat(book.unknownTargets()).isEqualTo(1);
    }

    @Test
    void silentDevice_raisesDeviceOffline_andClearsWhenItReturns() {
        book.result(result("press-1", SensorKind.VIBRATION, Verdict.NORMAL, T0), T0);
        book.result(result("zone-1", SensorKind.SOIL, Verdict.NORMAL, T0), T0);
        assertThat(book.tick(T0.plus(Duration.ofSeconds(119)))).isEmpty();
        List<AlarmChange> off = book.tick(T0.plus(Duration.ofMinutes(2)));
        assertThat(off).hasSize(1);
        assertThat(off.get(0).alarm().cause()).isEqualTo("device_offline");
        assertThat(off.get(0).alarm().deviceId()).isEqualTo(DeviceId.of("press-1"));
        assertThat(off.get(0).alarm().summary()).contains("expected within PT2M (vibration)");
        assertThat(book.tick(T0.plus(Duration.ofMinutes(3)))).isEmpty();
        List<AlarmChange> back = book.seen(DeviceId.of("press-1"), Optional.empty(), T0.plus(Duration.ofMinutes(4)));
        assertThat(back).hasSize(1);
        assertThat(back.get(0).alarm().status()).isEqualTo(AlarmStatus.CLEARED_UNACK);
        assertThat(back.get(0).alarm().note()).isEqualTo("device back online");
    }

    @Test
    void refusedCommand_clearsAfterQuietPeriod() {
        book.alert(refused("valve-1", AckStatus.INTERLOCKED, T0), T0);
        assertThat(book.tick(T0.plus(Duration.ofMinutes(9)))).extracting(AlarmChange::event)
                .doesNotContain(AlarmEvent.CLEARED);
        assertThat(book.tick(T0.plus(Duration.ofMinutes(10)))).extracting(AlarmChange::event)
                .containsExactly(AlarmEvent.CLEARED);
    }

    @Test
    void restore_keepsOpenAlarms_andDropsClosedOnes() {
        Alarm open = book.alert(anomaly("press-1", T0), T0).get(0).alarm();
        Alarm closed = open.acknowledged("ana", "", T0).cleared("ana", "", T0);
        Alarm other = Alarm.raised("abcdef0123456789", DeviceId.of("press-2"), "anomaly", Severity.CRITICAL, "", T0);
        AlarmBook after = new AlarmBook(policy);
        after.restore(open);
        after.restore(other);
        after.restore(closed);
        assertThat(after.open()).extracting(Alarm::alarmId).containsExactly("abcdef0123456789");
        AlarmChange again = after.alert(anomaly("press-2", T0), T0.plusSeconds(1)).get(0);
        assertThat(again.event()).isEqualTo(AlarmEvent.REPORTED);
        assertThat(again.alarm().alarmId()).isEqualTo("abcdef0123456789");
        assertThat(again.alarm().count()).isEqualTo(2);
        assertThat(after.alert(anomaly("press-1", T0), T0.plusSeconds(2)).get(0).event()).isEqualTo(AlarmEvent.RAISED);
    }
}
