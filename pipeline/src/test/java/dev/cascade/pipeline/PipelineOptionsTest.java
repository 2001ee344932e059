package dev.cascade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineOptionsTest {
    @Test
    void defaults_runInstanceOne_withTheProductCooldown() {
        PipelineOptions o = PipelineOptions.defaults(Path.of("models"));
        assertThat(o.instance()).isEqualTo("1");
        assertThat(o.actionCooldown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.withInstance("bench-2").withActionCooldown(Duration.ofSeconds(2)).withMaxBatch(32).withPartitions(8))
                .extracting(PipelineOptions::instance, PipelineOptions::actionCooldown, PipelineOptions::maxBatch,
                        PipelineOptions::partitions)
                .containsExactly("bench-2", Duration.ofSeconds(2), 32, 8);
    }

    @Test
    void instanceThatCannotBeAClientId_isRejected() {
        assertThatThrownBy(() -> PipelineOptions.defaults(Path.of("models")).withInstance("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance must be 1-40 characters of [A-Za-z0-9._-], was a b");
    }

    @Test
    void negativeCooldown_isRejected() {
        assertThatThrownBy(() -> PipelineOptions.defaults(Path.of("models")).withActionCooldown(Duration.ofSeconds(-1)))
                .hasMessage("actionCooldown must be >= 0, was PT-1S");
    }
}
