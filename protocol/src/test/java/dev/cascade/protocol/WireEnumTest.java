package dev.cascade.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.alarm.AlarmStatus;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.ota.OtaState;
import dev.cascade.protocol.window.SensorKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireEnumTest {
    private static final List<Class<? extends WireEnum>> ALL = List.of(AlarmStatus.class, Severity.class,
            RejectReason.class, AckStatus.class, CommandOrigin.class, EscalationReason.class, Verdict.class,
            OperatorActionType.class, OtaState.class, SensorKind.class);

    @Test
    void everyWireEnum_hasUniqueIdsAndDisplayNames() {
        for (Class<? extends WireEnum> type : ALL) {
            Set<Integer> ids = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (WireEnum e : type.getEnumConstants()) {
                assertThat(ids.add(e.id())).as("%s id %d unique", type.getSimpleName(), e.id()).isTrue();
                assertThat(names.add(e.displayName())).as("%s name %s unique", type.getSimpleName(), e.displayName())
                        .isTrue();
            }
        }
    }

    @Test
    void byId_findsEveryConstantOfEveryWireEnum() {
        for (Severity s : Severity.values()) {
            assertThat(WireEnum.byId(Severity.class, s.id(), "severity")).isSameAs(s);
        }
        for (RejectReason r : RejectReason.values()) {
            assertThat(RejectReason.fromId(r.id())).isSameAs(r);
        }
        assertThat(OtaState.fromId(5)).isEqualTo(OtaState.ROLLED_BACK);
        assertThat(SensorKind.fromId(SensorKind.values()[0].id())).isEqualTo(SensorKind.values()[0]);
    }

    @Test
    void byId_withUnknownId_namesTheFieldAndTheKnownIds() {
        assertThatThrownBy(() -> WireEnum.byId(Severity.class, 9, "severity"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("severity must be one of 1 (info), 2 (warning), 3 (critical), was 9");
        assertThatThrownBy(() -> CommandOrigin.fromId(0))
                .hasMessage("origin must be one of 1 (cloud), 2 (edge), 3 (operator), was 0");
    }

    @Test
    void byDisplayName_findsTheConstantOrNothing() {
        assertThat(WireEnum.byDisplayName(Verdict.class, "stop_irrigation")).contains(Verdict.STOP_IRRIGATION);
        assertThat(WireEnum.byDisplayName(Verdict.class, "STOP_IRRIGATION")).isEmpty();
        assertThat(WireEnum.byDisplayName(Verdict.class, "")).isEmpty();
    }
}
