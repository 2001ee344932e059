package dev.cascade.bench.fuzz;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes a reproducible stream of vibration-window payloads (or escalations of them): valid traffic from
 * well-behaved devices mixed with random bytes, truncations, bit flips of real payloads, extreme finite
 * and non-finite samples, oversize and wrong-version payloads, foreign devices, stale, future and
 * replayed windows. Valid traffic and the mutated payloads never share a device, so a mutation cannot
 * make a valid window look replayed. Not thread-safe.
 */
public final class PayloadFuzzer {
    private static final ModelRef EDGE_MODEL = new ModelRef("fuzz-edge", "1");
    private static final Category[] MIX = mix();

    private final SplittableRandom random;
    private final int windowValues;
    private final double sampleRateHz;
    private final InstantSource clock;
    private final int validDevices;
    private final Map<String, Long> sequences = new HashMap<>();
    private final List<byte[]> replayable = new ArrayList<>();
    private final Map<Category, Long> made = new EnumMap<>(Category.class);
    private long n;

    /**
     * A fuzzer of windows of {@code windowValues} one-channel samples at {@code sampleRateHz}, stamped by
     * {@code clock}, valid traffic spread over {@code validDevices} devices.
     */
    public PayloadFuzzer(long seed, int windowValues, double sampleRateHz, InstantSource clock, int validDevices) {
        if (windowValues < 1 || validDevices < 1) {
            throw new IllegalArgumentException("windowValues and validDevices must be >= 1, were " + windowValues + ", "
                    + validDevices);
        }
        this.random = new SplittableRandom(seed);
        this.windowValues = windowValues;
        this.sampleRateHz = sampleRateHz;
        this.clock = clock;
        this.validDevices = validDevices;
        for (Category c : Category.values()) {
            made.put(c, 0L);
        }
    }

    /** Half valid traffic; oversize payloads are rare (they are 300 KB each). */
    private static Category[] mix() {
        List<Category> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            out.add(Category.VALID);
        }
        for (Category c : List.of(Category.EMPTY, Category.RANDOM_BYTES, Category.TRUNCATED, Category.BIT_FLIP,
                Category.BIT_FLIP, Category.BIT_FLIP, Category.BIT_FLIP, Category.EXTREME_FINITE, Category.EXTREME_FINITE,
                Category.NON_FINITE, Category.NON_FINITE, Category.WRONG_VERSION, Category.FOREIGN_DEVICE,
                Category.FOREIGN_DEVICE, Category.STALE, Category.STALE, Category.FUTURE, Category.REPLAYED,
                Category.REPLAYED, Category.TRUNCATED, Category.RANDOM_BYTES, Category.WRONG_VERSION, Category.EMPTY)) {
            out.add(c);
        }
        return out.toArray(new Category[0]);
    }

    /** The next window payload (for the {@code windows} channel). */
    public FuzzPayload nextWindow() {
        n++;
        Category c = n % 997 == 0 ? Category.OVERSIZE : MIX[random.nextInt(MIX.length)];
        if (c == Category.REPLAYED && (replayable.isEmpty() || random.nextInt(8) == 0)) {
            c = Category.REPLAY_ORIGINAL;
        }
        made.merge(c, 1L, Long::sum);
        return make(c, false);
    }

    /** The next escalation payload (for the {@code escalations} channel); categories as for windows. */
    public FuzzPayload nextEscalation() {
        n++;
        Category c = n % 997 == 0 ? Category.OVERSIZE : MIX[random.nextInt(MIX.length)];
        if (c == Category.REPLAYED || c == Category.STALE || c == Category.FUTURE) {
            c = Category.VALID; // ingest does not judge freshness (the edge does)
        }
        made.merge(c, 1L, Long::sum);
        return make(c, true);
    }

    /** How many payloads of each category were made so far. */
    public Map<Category, Long> made() {
        return new EnumMap<>(made);
    }

    private FuzzPayload make(Category c, boolean escalation) {
        Instant now = clock.instant();
        switch (c) {
            case VALID: {
                String d = "ok-" + random.nextInt(validDevices);
                SensorWindow w = window(d, normal(), now);
                return new FuzzPayload(c, d, encode(w, escalation), Optional.of(w.correlationId()));
            }
            case REPLAY_ORIGINAL: {
                byte[] b = encode(window("fz-replay", normal(), now), escalation);
                replayable.add(b);
                if (replayable.size() > 64) {
                    replayable.remove(0);
                }
                return payload(c, "fz-replay", b);
            }
            case REPLAYED:
                return payload(c, "fz-replay", replayable.get(random.nextInt(replayable.size())));
            case EMPTY:
                return payload(c, "fz-empty", new byte[0]);
            case RANDOM_BYTES: {
                byte[] b = new byte[1 + random.nextInt(2048)];
                random.nextBytes(b);
                return payload(c, "fz-random", b);
            }
            case TRUNCATED: {
                byte[] b = encode(window("fz-trunc", normal(), now), escalation);
                return payload(c, "fz-trunc", Arrays.copyOf(b, 1 + random.nextInt(b.length - 1)));
            }
            case BIT_FLIP: {
                String d = "fz-flip-" + random.nextInt(4);
                byte[] b = encode(window(d, normal(), now), escalation);
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(b.length * 8);
                    b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                }
                return payload(c, d, b);
            }
            case EXTREME_FINITE: {
                float[] v = new float[windowValues];
                float base = (float) Math.pow(10, 6 + random.nextInt(33));
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextBoolean() ? base : -base;
                }
                if (random.nextBoolean()) {
                    Arrays.fill(v, 1e20f);
                }
                return payload(c, "fz-extreme", encode(window("fz-extreme", v, now), escalation));
            }
            case NON_FINITE: {
                float[] v = normal();
                byte[] b = encode(window("fz-nan", v, now), escalation);
                poison(b, v);
                return payload(c, "fz-nan", b);
            }
            case OVERSIZE: {
                byte[] b = new byte[Codecs.MAX_WINDOW_BYTES + 1 + random.nextInt(1024)];
                random.nextBytes(b);
                return payload(c, "fz-big", b);
            }
            case WRONG_VERSION: {
                byte[] b = encode(window("fz-version", normal(), now), escalation);
                int at = versionIndex(b);
                b[at] = (byte) (2 + random.nextInt(22));
                return payload(c, "fz-version", b);
            }
            case FOREIGN_DEVICE: {
                String d = "ok-" + random.nextInt(validDevices);
                return payload(c, d, encode(window("fz-foreign", normal(), now), escalation));
            }
            case STALE:
                return payload(c, "fz-stale", encode(window("fz-stale", normal(), now.minus(Duration.ofMinutes(20))),
                        escalation));
            case FUTURE:
                return payload(c, "fz-future", encode(window("fz-future", normal(), now.plus(Duration.ofMinutes(10))),
                        escalation));
            default:
                throw new IllegalStateException("unknown category " + c);
        }
    }

    private static FuzzPayload payload(Category c, String device, byte[] b) {
        return new FuzzPayload(c, device, b, Optional.empty());
    }

    private SensorWindow window(String device, float[] samples, Instant sentAt) {
        long seq = sequences.merge(device, 1L, Long::sum) - 1;
        return new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, sampleRateHz, sentAt, seq,
                CorrelationId.random(), sentAt, Samples.of(samples));
    }

    private byte[] encode(SensorWindow w, boolean escalation) {
        if (escalation) {
            return Codecs.escalation().encode(new Escalation(w, 1f, EscalationReason.UNCERTAIN, EDGE_MODEL, w.sentAt()));
        }
        return Codecs.sensorWindow().encode(w);
    }

    /** Machine-like noise: a 0.3 g tone plus 0.1 g of noise. */
    private float[] normal() {
        float[] v = new float[windowValues];
        double f = 2 * Math.PI * (50 + random.nextInt(100)) / sampleRateHz;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.3 * Math.sin(f * i) + 0.1 * (random.nextDouble() * 2 - 1));
        }
        return v;
    }

    /** Overwrites some of the samples (located by their bytes) with NaN or an infinity. */
    private void poison(byte[] payload, float[] samples) {
        byte[] raw = new byte[samples.length * Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(samples);
        int at = indexOf(payload, raw);
        if (at < 0) {
            throw new IllegalStateException("samples not found in the encoded window");
        }
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int s = random.nextInt(samples.length);
            int bits = Float.floatToRawIntBits(bad[random.nextInt(bad.length)]);
            int p = at + s * Float.BYTES;
            payload[p] = (byte) bits;
            payload[p + 1] = (byte) (bits >>> 8);
            payload[p + 2] = (byte) (bits >>> 16);
            payload[p + 3] = (byte) (bits >>> 24);
        }
    }

    /** Where the schema version's value is: every encoder writes {@code "v": 1} first. */
    private static int versionIndex(byte[] b) {
        for (int i = 0; i + 2 < Math.min(b.length, 8); i++) {
            if (b[i] == 0x61 && b[i + 1] == 0x76 && b[i + 2] == 0x01) {
                return i + 2;
            }
        }
        throw new IllegalStateException("no \"v\": 1 at the start of the encoded message");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
