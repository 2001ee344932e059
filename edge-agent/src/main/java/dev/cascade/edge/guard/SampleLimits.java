package dev.cascade.edge.guard;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values each kind of sensor can produce, channel by channel: a window with a sample outside them is
 * refused as {@link RejectReason#SATURATED} before any feature is computed.
 *
 * <p>Defaults: vibration {@code |accel| <= 200 g} (industrial MEMS and piezo accelerometers saturate
 * between 16 and 500 g; the simulated machines stay under 10 g even with a severe bearing fault); soil
 * moisture 0..100 % (volumetric water content cannot leave it), soil temperature -40..85 deg C (the
 * operating range of common probes), rain 0..500 mm per step (above any recorded hourly rainfall).
 *
 * @param byKind for each kind, one range per channel (channel i of a window is checked against range i;
 *     channels beyond the list are unchecked); a kind missing from the map is unchecked
 */
public record SampleLimits(Map<SensorKind, List<Range>> byKind) {

    /**
     * Inclusive bounds of one channel.
     *
     * @param min smallest value the sensor can produce
     * @param max largest value the sensor can produce
     * @param unit for messages (e.g. {@code g})
     */
    public record Range(double min, double max, String unit) {
        public Range {
            if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                throw new IllegalArgumentException("range must be finite with min <= max, was [" + min + ", " + max + "]");
            }
            if (unit == null) {
                throw new IllegalArgumentException("unit must not be null");
            }
        }
    }

    public SampleLimits {
        if (byKind == null) {
            throw new IllegalArgumentException("byKind must not be null");
        }
        Map<SensorKind, List<Range>> copy = new EnumMap<>(SensorKind.class);
        byKind.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byKind = Map.copyOf(copy);
    }

    /** The defaults described above. */
    public static SampleLimits defaults() {
        return new SampleLimits(Map.of(
                SensorKind.VIBRATION, List.of(new Range(-200, 200, "g")),
                SensorKind.SOIL, List.of(new Range(0, 100, "%"), new Range(-40, 85, "deg C"), new Range(0, 500, "mm"))));
    }

    /** No limits (every finite value passes). */
    public static SampleLimits none() {
        return new SampleLimits(Map.of());
    }

    /** The refusal of a window with a value outside its channel's range, or empty if every value is inside. */
    public Optional<Rejection> check(SensorWindow w) {
        List<Range> ranges = byKind.get(w.kind());
        if (ranges == null || ranges.isEmpty()) {
            return Optional.empty();
        }
        int channels = w.samples().channels();
        int n = w.samples().size();
        for (int i = 0; i < n; i++) {
            int c = i % channels;
            if (c >= ranges.size()) {
                continue;
            }
            Range r = ranges.get(c);
            float v = w.samples().get(i);
            if (v < r.min() || v > r.max()) {
                String name = c < w.kind().channelNames().size() ? w.kind().channelNames().get(c) : "channel " + c;
                return Optional.of(new Rejection(RejectReason.SATURATED, "samples[" + i + "] (" + w.kind().displayName()
                        + " " + name + ") must be in [" + r.min() + ", " + r.max() + "] " + r.unit() + ", was " + v));
            }
        }
        return Optional.empty();
    }
}
