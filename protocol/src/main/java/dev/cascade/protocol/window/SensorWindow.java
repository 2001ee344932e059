package dev.cascade.protocol.window;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.WireMessage;
import dev.cascade.checks.Checks;
import java.time.Instant;

/**
 * A block of consecutive samples from one sensor.
 *
 * @param deviceId the sensor node that measured it
 * @param kind what was measured
 * @param sampleRateHz samples per second per channel
 * @param timestamp when the first sample was taken
 * @param sequence the device's running window number (starts at 0, +1 per window)
 * @param correlationId follows this window to any command it causes
 * @param sentAt when the sensor sent it (the start of every end-to-end latency)
 * @param samples the values
 */
@JsonPropertyOrder({"v", "deviceId", "kind", "sampleRateHz", "timestamp", "sequence", "correlationId", "sentAt", "samples"})
public record SensorWindow(
        DeviceId deviceId,
        SensorKind kind,
        double sampleRateHz,
        Instant timestamp,
        long sequence,
        CorrelationId correlationId,
        Instant sentAt,
        Samples samples) implements WireMessage {

    /** The largest sample rate we accept (1 MHz). */
    public static final double MAX_SAMPLE_RATE_HZ = 1_000_000;

    public SensorWindow {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(kind, "kind");
        Checks.positiveFinite(sampleRateHz, "sampleRateHz");
        Checks.check(sampleRateHz <= MAX_SAMPLE_RATE_HZ, "sampleRateHz", "<= " + MAX_SAMPLE_RATE_HZ, sampleRateHz);
        timestamp = Checks.micros(timestamp, "timestamp");
        Checks.nonNegative(sequence, "sequence");
        Checks.notNull(correlationId, "correlationId");
        sentAt = Checks.micros(sentAt, "sentAt");
        Checks.notNull(samples, "samples");
    }

    /** How long the window spans. */
    public double durationSeconds() {
        return samples.frames() / sampleRateHz;
    }
}
