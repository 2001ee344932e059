package dev.cascade.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.Fixtures;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Every decoder over generated input: it answers, never throws, and what it accepts round-trips. */
class DecodersPropertyTest {
    private static final List<Codec<?>> ALL = List.of(Codecs.sensorWindow(), Codecs.escalation(), Codecs.escalationBatch(),
            Codecs.inferenceResult(), Codecs.command(), Codecs.commandAck(), Codecs.alert());

    /** A real encoding of each kind of message. */
    private static final List<byte[]> REAL = List.of(
            Codecs.sensorWindow().encode(Fixtures.window()),
            Codecs.escalation().encode(Fixtures.escalation()),
            Codecs.escalationBatch().encode(new EscalationBatch(DeviceId.of("gw-1"), List.of(Fixtures.escalation()))),
            Codecs.command().encode(new StopMachine(Fixtures.header(), "anomaly")),
            Codecs.commandAck().encode(CommandAck.of(new StopMachine(Fixtures.header(), "anomaly"), AckStatus.EXECUTED, "ok",
                    Fixtures.T0.plusMillis(600))));

    private static Codec<?> codecOf(int index) {
        return List.of(Codecs.sensorWindow(), Codecs.escalation(), Codecs.escalationBatch(), Codecs.command(),
                Codecs.commandAck()).get(index);
    }

    private static void assertAnswered(Decoded<?> d) {
        assertThat(d).isNotNull();
        if (d instanceof Decoded.Rejected<?> r) {
            assertThat(r.rejection().detail()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void anyBytes_toAnyDecoder_areAnsweredWithoutAnException(@ForAll @Size(max = 4096) byte[] bytes) {
        for (Codec<?> c : ALL) {
            assertAnswered(c.decode(bytes));
        }
    }

    @Property(tries = 1000)
    void bitFlipsOfRealPayloads_areRefusedOrRoundTrip(@ForAll @IntRange(min = 0, max = 4) int kind,
            @ForAll("bitPositions") List<Integer> bits) {
        byte[] b = REAL.get(kind).clone();
        for (int bit : bits) {
            int at = Math.floorMod(bit, b.length * 8);
            b[at >>> 3] ^= (byte) (1 << (at & 7));
        }
        @SuppressWarnings("unchecked")
        Codec<Object> codec = (Codec<Object>) codecOf(kind);
        Decoded<Object> d = codec.decode(b);
        assertAnswered(d);
        if (d instanceof Decoded.Accepted<Object> a) {
            assertThat(codec.decode(codec.encode(a.get())).orElseThrow()).isEqualTo(a.get());
        }
    }

    @Provide
    Arbitrary<List<Integer>> bitPositions() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 500)
    void everyProperPrefixOfARealPayload_isRefused(@ForAll @IntRange(min = 0, max = 4) int kind,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut) {
        byte[] real = REAL.get(kind);
        byte[] prefix = Arrays.copyOf(real, cut % real.length);
        Decoded<?> d = codecOf(kind).decode(prefix);
        assertThat(d.isAccepted()).as("prefix of %s bytes of %s", prefix.length, real.length).isFalse();
    }

    @Property(tries = 300)
    void windowsOfAnyFiniteValues_roundTripExactly_evenExtremeOnes(@ForAll("windows") SensorWindow w) {
        assertThat(Codecs.sensorWindow().decode(Codecs.sensorWindow().encode(w)).orElseThrow()).isEqualTo(w);
    }

    @Property(tries = 300)
    void windowsWithANonFiniteSample_areRefusedAsInvalid_namingTheSample(@ForAll("windows") SensorWindow w,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where, @ForAll @IntRange(min = 0, max = 2) int which) {
        float bad = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[which];
        byte[] payload = Codecs.sensorWindow().encode(w);
        int n = w.samples().size();
        int i = where % n;
        int at = samplesOffset(payload, w) + i * Float.BYTES;
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putFloat(at, bad);

        Decoded<SensorWindow> d = Codecs.sensorWindow().decode(payload);

        assertThat(d).isInstanceOfSatisfying(Decoded.Rejected.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(RejectReason.INVALID);
            assertThat(r.rejection().detail()).startsWith("samples[").contains("must be finite, was " + bad);
        });
    }

    @Property(tries = 200)
    void payloadsOfAnotherMajorVersion_areRefusedAsUnsupported(@ForAll @IntRange(min = 0, max = 4) int kind,
            @ForAll @IntRange(min = 2, max = 23) int version) {
        byte[] b = REAL.get(kind).clone();
        boolean cbor = kind <= 2;
        if (cbor) {
            b[versionIndexCbor(b)] = (byte) version;
        } else {
            String json = new String(b, java.nio.charset.StandardCharsets.UTF_8).replaceFirst("\"v\":1", "\"v\":" + version);
            b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Decoded<?> d = codecOf(kind).decode(b);
        assertThat(d).isInstanceOfSatisfying(Decoded.Rejected.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
            assertThat(r.rejection().detail()).isEqualTo("v must be 1, was " + version);
        });
    }

    @Provide
    Arbitrary<SensorWindow> windows() {
        Arbitrary<String> device = Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(64);
        Arbitrary<float[]> samples = Arbitraries.floats().between(-Float.MAX_VALUE, Float.MAX_VALUE)
                .edgeCases(c -> c.includeOnly(0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1e20f))
                .array(float[].class).ofMinSize(1).ofMaxSize(64);
        Arbitrary<Long> seq = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 4_102_444_800_000_000L);
        return Combinators.combine(device, samples, seq, micros).as((d, s, q, us) -> new SensorWindow(DeviceId.of(d),
                SensorKind.VIBRATION, 8192, Instant.EPOCH.plusNanos(us * 1000), q, CorrelationId.random(),
                Instant.EPOCH.plusNanos(us * 1000), Samples.of(s)));
    }

    private static int samplesOffset(byte[] payload, SensorWindow w) {
        byte[] raw = new byte[w.samples().size() * Float.BYTES];
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.samples().size(); i++) {
            bb.putFloat(w.samples().get(i));
        }
        // the last occurrence: the samples are the last field
        outer:
        for (int i = payload.length - raw.length; i >= 0; i--) {
            for (int j = 0; j < raw.length; j++) {
                if (payload[i + j] != raw[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("samples not found in the payload");
    }

    private static int versionIndexCbor(byte[] b) {
        for (int i = 0; i + 2 < 8; i++) {
            if (b[i] == 0x61 && b[i + 1] == 0x76 && b[i + 2] == 0x01) {
                return i + 2;
            }
        }
        throw new AssertionError("no \"v\": 1 at the start");
    }
}
