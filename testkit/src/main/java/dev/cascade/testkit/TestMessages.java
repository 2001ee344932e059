package dev.cascade.testkit;

import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Instant;

/** Valid wire messages for tests. */
public final class TestMessages {
    private TestMessages() {}

    /** A vibration window of {@code n} samples of a 50 Hz sine at 8192 Hz. */
    public static SensorWindow vibration(String device, long sequence, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 50 * i / 8192.0));
        }
        Instant now = Instant.now();
        return new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, now, sequence, CorrelationId.random(),
                now, Samples.of(s));
    }

    public static Escalation escalation(String device, long sequence) {
        return new Escalation(vibration(device, sequence, 1024), 0.5f, EscalationReason.UNCERTAIN,
                new ModelRef("test-edge", "1"), Instant.now());
    }
}
