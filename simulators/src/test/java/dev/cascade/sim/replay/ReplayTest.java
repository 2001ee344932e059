package dev.cascade.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.recording.Recording;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayTest {
    @Test
    void replay_playsConsecutiveWindows_loops_andSupportsNoCommands() {
        float[] ramp = new float[10];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        ReplayDevice d = new ReplayDevice(DeviceId.of("rig-1"), SensorKind.VIBRATION, Recording.of(1, 100, ramp), 100, 4, true);
        Instant t = Instant.parse("2026-05-01T08:00:00Z");
        assertThat(d.realTimePeriod()).isEqualTo(Duration.ofMillis(40));

        SensorWindow a = d.nextWindow(t).orElseThrow();
        SensorWindow b = d.nextWindow(t.plusMillis(40)).orElseThrow();
        SensorWindow c = d.nextWindow(t.plusMillis(80)).orElseThrow();
        assertThat(a.samples().toArray()).containsExactly(0, 1, 2, 3);
        assertThat(b.samples().toArray()).containsExactly(4, 5, 6, 7);
        assertThat(c.samples().toArray()).as("looped").containsExactly(0, 1, 2, 3);
        assertThat(a.timestamp()).isEqualTo(t.minusMillis(40));
        assertThat(c.sequence()).isEqualTo(2);

        ReplayDevice once = new ReplayDevice(DeviceId.of("rig-2"), SensorKind.VIBRATION, Recording.of(1, 100, ramp), 100, 4, false);
        once.nextWindow(t);
        once.nextWindow(t);
        assertThat(once.nextWindow(t)).isEmpty();
        assertThat(once.finished()).isTrue();

        Instant now = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        StopMachine stop = new StopMachine(new CommandHeader(CommandId.random(), DeviceId.of("rig-1"), CorrelationId.random(),
                CommandOrigin.CLOUD, now, now.plusSeconds(5), now), "test");
        assertThat(d.handle(stop, now).status()).isEqualTo(AckStatus.UNSUPPORTED);
    }
}
