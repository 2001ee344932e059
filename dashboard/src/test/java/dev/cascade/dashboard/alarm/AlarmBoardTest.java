package dev.cascade.dashboard.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmBoardTest {
    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    @Test
    void statesOfOneAlarm_areItsHistory_newestFirst_andAnOlderStateArrivingLateIsIgnored() {
        AlarmBoard board = new AlarmBoard(10, 10);
        Alarm raised = Alarm.raised("alarm-press-1", DeviceId.of("press-1"), "anomaly", Severity.WARNING, "score 2.6", T0);
        Alarm again = raised.reported(Severity.CRITICAL, "score 3.1", T0.plusSeconds(5));
        Alarm acked = again.acknowledged("alice", "checking", T0.plusSeconds(9));
        board.add(raised);
        board.add(again);
        AlarmBoard.AlarmRow row = board.add(acked);
        board.add(raised); // redelivered after a rebalance
        assertThat(row.current().status()).isEqualTo("active_ack");
        assertThat(row.current().acknowledgedBy()).isEqualTo("alice");
        assertThat(row.current().severity()).isEqualTo("critical");
        assertThat(board.rows().get(0).history()).extracting(AlarmBoard.AlarmView::status, AlarmBoard.AlarmView::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("active_ack", 2),
                        org.assertj.core.groups.Tuple.tuple("active_unack", 2),
                        org.assertj.core.groups.Tuple.tuple("active_unack", 1));
    }

    @Test
    void rows_putActiveAlarmsFirst_andEvictClosedOnesFirst() {
        AlarmBoard board = new AlarmBoard(2, 5);
        Alarm closed = Alarm.raised("alarm-old-1", DeviceId.of("press-1"), "anomaly", Severity.INFO, "", T0)
                .acknowledged("alice", "", T0.plusSeconds(1)).cleared("alice", "", T0.plusSeconds(2));
        Alarm active = Alarm.raised("alarm-new-2", DeviceId.of("press-2"), "anomaly", Severity.INFO, "", T0);
        board.add(closed);
        board.add(active);
        assertThat(board.rows()).extracting(r -> r.current().alarmId()).containsExactly("alarm-new-2", "alarm-old-1");
        board.add(Alarm.raised("alarm-new-3", DeviceId.of("press-3"), "anomaly", Severity.INFO, "", T0.plusSeconds(3)));
        assertThat(board.rows()).extracting(r -> r.current().alarmId()).containsExactly("alarm-new-3", "alarm-new-2");
        assertThat(board.activeCount()).isEqualTo(2);
    }
}
