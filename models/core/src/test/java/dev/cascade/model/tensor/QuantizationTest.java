package dev.cascade.model.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizationTest {
    @Test
    void quantize_roundsHalfAwayFromZeroAndClamps() {
        assertThat(QuantMath.quantize(0.5f, 1f, 0, -128, 127)).isEqualTo(1);
        assertThat(QuantMath.quantize(-0.5f, 1f, 0, -128, 127)).isEqualTo(-1);
        assertThat(QuantMath.quantize(1000f, 1f, 0, -128, 127)).isEqualTo(127);
        assertThat(QuantMath.quantize(-1000f, 0.5f, 3, -128, 127)).isEqualTo(-128);
        assertThat(QuantMath.dequantize(10, 0.5f, 4)).isEqualTo(3f);
    }

    @Test
    void perChannel_exposesListsNotArrays() {
        Quantization q = Quantization.perChannel(new float[] {0.1f, 0.2f}, new int[] {0, 0}, 0);
        assertThat(q.isPerChannel()).isTrue();
        assertThat(q.scales()).containsExactly(0.1f, 0.2f);
        assertThatThrownBy(q::scale).hasMessage("quantization must be per-tensor, was 2 channels");
    }

    @Test
    void negativeScale_isRejected() {
        assertThatThrownBy(() -> Quantization.perTensor(-1f, 0))
                .hasMessage("quantization.scales[0] must be a finite number > 0, was -1.0");
    }

    @Test
    void exampleSize_countsDynamicDimensionsAsOne() {
        TensorSpec t = new TensorSpec("x", DType.FLOAT32, List.of(-1, 49, 10, 1), null);
        assertThat(t.exampleSize()).isEqualTo(490);
        assertThat(t.hasDynamicBatch()).isTrue();
        assertThat(t.quantization()).isEqualTo(Quantization.NONE);
    }
}
