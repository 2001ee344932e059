package dev.cascade.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The id checks accept exactly what the regular expressions of their documented character classes accept. */
class IdsTest {
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern MODEL_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");

    @Provide
    Arbitrary<String> idLike() {
        // Every class boundary: letters of both cases, digits, each allowed and some refused punctuation, ASCII
        // neighbours of the ranges, non-ASCII letters and digits (which Pattern's [a-z] does not accept either).
        return Arbitraries.strings().withChars("aAzZ09mM._-+@/ :`{[\u00e9\u0661\u00df\u212a").ofMinLength(0)
                .ofMaxLength(70);
    }

    @Property(tries = 3000)
    void everyCheck_agreesWithItsRegularExpression(@ForAll("idLike") String s) {
        assertThat(Ids.isOpaque(s)).as("opaque %s", s).isEqualTo(OPAQUE.matcher(s).matches());
        assertThat(Ids.isDeviceId(s)).as("device %s", s).isEqualTo(DEVICE.matcher(s).matches());
        assertThat(Ids.isModelName(s)).as("model name %s", s).isEqualTo(MODEL_NAME.matcher(s).matches());
        assertThat(Ids.isModelVersion(s)).as("model version %s", s).isEqualTo(MODEL_VERSION.matcher(s).matches());
    }

    @Test
    void lengthBounds_areInclusive() {
        assertThat(Ids.isOpaque("a".repeat(8))).isTrue();
        assertThat(Ids.isOpaque("a".repeat(7))).isFalse();
        assertThat(Ids.isOpaque("a".repeat(64))).isTrue();
        assertThat(Ids.isOpaque("a".repeat(65))).isFalse();
        assertThat(Ids.isDeviceId("a".repeat(64))).isTrue();
        assertThat(Ids.isDeviceId("a".repeat(65))).isFalse();
        assertThat(Ids.isModelName("a".repeat(64))).isTrue();
        assertThat(Ids.isModelName("a".repeat(65))).isFalse();
        assertThat(Ids.isModelVersion("1".repeat(32))).isTrue();
        assertThat(Ids.isModelVersion("1".repeat(33))).isFalse();
    }

    @Test
    void nullAndEmpty_areRefused_withMessagesThatNameTheField() {
        assertThat(Ids.isOpaque(null)).isFalse();
        assertThat(Ids.isDeviceId("")).isFalse();
        assertThatThrownBy(() -> new DeviceId("press 1")).hasMessageContaining("deviceId").hasMessageContaining("press 1");
        assertThatThrownBy(() -> new ModelRef("Vibration", "1")).hasMessageContaining("model.name");
        assertThatThrownBy(() -> new ModelRef("vibration", "-1")).hasMessageContaining("model.version");
        assertThatThrownBy(() -> Ids.requireOpaque("short", "correlationId")).hasMessageContaining("correlationId");
    }
}
