package dev.cascade.actuators.valve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenValvesTest {
    private static final Instant T0 = Instant.parse("2026-07-01T06:00:00Z");
    private static final DeviceId ZONE = DeviceId.of("zone-1");
    private static final CommandId CLOSE_A = CommandId.of("close-aaaa");
    private static final CommandId CLOSE_B = CommandId.of("close-bbbb");

    private static OpenValve open(DeviceId device, Instant causeSentAt, Duration d) {
        return new OpenValve(CommandHeader.caused("open", device, CorrelationId.random(), CommandOrigin.CLOUD, causeSentAt,
                Duration.ofMinutes(1), causeSentAt), d);
    }

    @Test
    void earlyClose_isClaimedOncePerOpen_andOnlyByAWindowSentAfterTheOpensCause() {
        OpenValves valves = new OpenValves();
        OpenValve open = open(ZONE, T0, Duration.ofHours(1));
        valves.opened(open, T0.plus(Duration.ofHours(1)));

        assertThat(valves.claimEarlyClose(ZONE, T0, CLOSE_A)).as("the open's own cause window").isEmpty();
        assertThat(valves.claimEarlyClose(ZONE, T0.plusSeconds(60), CLOSE_A)).get()
                .satisfies(o -> assertThat(o.command()).isEqualTo(open));
        assertThat(valves.claimEarlyClose(ZONE, T0.plusSeconds(120), CLOSE_B)).as("a second result window").isEmpty();
        assertThat(valves.of(ZONE).orElseThrow().earlyClose()).contains(CLOSE_A);
        assertThat(valves.claimEarlyClose(DeviceId.of("zone-2"), T0.plusSeconds(60), CLOSE_B)).as("never opened").isEmpty();
    }

    @Test
    void closedValve_getsNeitherTheEarlyNorThePlannedClose() {
        OpenValves valves = new OpenValves();
        valves.opened(open(ZONE, T0, Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(30)));

        valves.closed(ZONE);

        assertThat(valves.isOpen(ZONE)).isFalse();
        assertThat(valves.claimEarlyClose(ZONE, T0.plusSeconds(60), CLOSE_A)).isEmpty();
        assertThat(valves.due(T0.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void plannedClose_isDueOnceWhenTheDurationEnds_evenAfterAnEarlyCloseWasClaimed() {
        OpenValves valves = new OpenValves();
        OpenValve open = open(ZONE, T0, Duration.ofMinutes(30));
        valves.opened(open, T0.plus(Duration.ofMinutes(30)));
        valves.claimEarlyClose(ZONE, T0.plusSeconds(60), CLOSE_A);

        assertThat(valves.due(T0.plus(Duration.ofMinutes(29)))).isEmpty();
        assertThat(valves.due(T0.plus(Duration.ofMinutes(30)))).extracting(OpenValves.Open::command).containsExactly(open);
        assertThat(valves.due(T0.plus(Duration.ofMinutes(31)))).isEmpty();
        assertThat(valves.size()).isZero();
    }

    @Test
    void laterOpen_replacesTheEarlierOne_andItsPlannedClose() {
        OpenValves valves = new OpenValves();
        valves.opened(open(ZONE, T0, Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(10)));
        OpenValve later = open(ZONE, T0.plusSeconds(300), Duration.ofMinutes(20));
        valves.opened(later, T0.plus(Duration.ofMinutes(25)));

        assertThat(valves.due(T0.plus(Duration.ofMinutes(10)))).isEmpty();
        assertThat(valves.due(T0.plus(Duration.ofMinutes(25)))).extracting(OpenValves.Open::command).containsExactly(later);
    }
}
