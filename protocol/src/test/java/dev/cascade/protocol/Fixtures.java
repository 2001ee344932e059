package dev.cascade.protocol;

import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Duration;
import java.time.Instant;

/** Valid messages to start tests from. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-11-22T06:00:00.123456Z");
    public static final DeviceId PRESS = DeviceId.of("press-07");
    public static final CorrelationId CID = CorrelationId.of("0123456789abcdef0123456789abcdef");

    private Fixtures() {}

    public static SensorWindow window(float... samples) {
        return new SensorWindow(PRESS, SensorKind.VIBRATION, 2048.0, T0, 42, CID, T0.plusMillis(500),
                Samples.of(samples));
    }

    public static SensorWindow window() {
        float[] s = new float[1024];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.sin(i * 0.1) * 0.5f;
        }
        return window(s);
    }

    public static Escalation escalation() {
        return new Escalation(window(), 0.37f, EscalationReason.UNCERTAIN, new ModelRef("vibration-edge", "1"),
                T0.plusMillis(501));
    }

    public static CommandHeader header() {
        return CommandHeader.caused("stop", PRESS, CID, CommandOrigin.CLOUD, T0.plusMillis(510), Duration.ofSeconds(30),
                T0.plusMillis(500));
    }
}
