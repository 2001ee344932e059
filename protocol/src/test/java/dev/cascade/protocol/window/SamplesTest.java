package dev.cascade.protocol.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void of_copiesTheArray_soLaterWritesDoNotLeakIn() {
        float[] a = {1f, 2f, 3f};
        Samples s = Samples.of(a);
        a[0] = 99f;

        assertThat(s.get(0)).isEqualTo(1f);
        float[] out = s.toArray();
        out[1] = 99f;
        assertThat(s.get(1)).isEqualTo(2f);
    }

    @Test
    void equality_comparesContents() {
        assertThat(Samples.of(1f, 2f)).isEqualTo(Samples.of(1f, 2f)).hasSameHashCodeAs(Samples.of(1f, 2f));
        assertThat(Samples.of(1f, 2f)).isNotEqualTo(Samples.interleaved(2, new float[] {1f, 2f}));
    }

    @Test
    void interleaved_exposesFramesAndChannels() {
        Samples s = Samples.interleaved(3, new float[] {10f, 20f, 0f, 11f, 21f, 1f});

        assertThat(s.frames()).isEqualTo(2);
        assertThat(s.channel(1)).containsExactly(20f, 21f);
        assertThat(s.get(1, 2)).isEqualTo(1f);
    }

    @Test
    void littleEndianBytes_roundTrip() {
        Samples s = Samples.interleaved(2, new float[] {1.5f, -2.25f, 3e-9f, 4e9f});

        assertThat(Samples.fromLittleEndian(2, s.toLittleEndian())).isEqualTo(s);
    }

    @Test
    void invalidSamples_areRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Samples.of()).hasMessage("samples must not be empty");
        assertThatThrownBy(() -> Samples.of(1f, Float.POSITIVE_INFINITY)).hasMessage("samples[1] must be finite, was Infinity");
        assertThatThrownBy(() -> Samples.interleaved(2, new float[] {1f, 2f, 3f}))
                .hasMessage("samples length must be a multiple of channels (2), was 3");
        assertThatThrownBy(() -> Samples.interleaved(0, new float[] {1f})).hasMessage("samples.channels must be in [1, 16], was 0");
        assertThatThrownBy(() -> Samples.of(new float[Samples.MAX_VALUES + 1]))
                .hasMessage("samples must hold at most 65536 values, was 65537");
        assertThatThrownBy(() -> Samples.fromLittleEndian(1, new byte[5]))
                .hasMessage("samples.data must be a whole number of float32 values, was 5 bytes");
    }
}
