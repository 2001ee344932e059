package dev.cascade.cloud.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.window.DeviceId;
import org.junit.jupiter.api.Test;

class PersistenceTest {
    private static final DeviceId A = DeviceId.of("press-1");
    private static final DeviceId B = DeviceId.of("press-2");

    @Test
    void thirdAnomalyAmongTenConsecutiveWindows_confirms() {
        Persistence p = new Persistence(3, 10);

        assertThat(p.confirm(A, 100)).isFalse();
        assertThat(p.confirm(A, 104)).isFalse();
        assertThat(p.confirm(A, 109)).isTrue();
    }

    @Test
    void anomaliesFurtherApart_neverConfirm() {
        Persistence p = new Persistence(3, 10);

        assertThat(p.confirm(A, 100)).isFalse();
        assertThat(p.confirm(A, 105)).isFalse();
        assertThat(p.confirm(A, 110)).isFalse();
        assertThat(p.confirm(A, 116)).isFalse();
    }

    @Test
    void devicesAreCountedApart() {
        Persistence p = new Persistence(2, 10);

        assertThat(p.confirm(A, 1)).isFalse();
        assertThat(p.confirm(B, 2)).isFalse();
        assertThat(p.confirm(A, 3)).isTrue();
    }

    @Test
    void sameWindowTwice_countsOnce() {
        Persistence p = new Persistence(2, 10);

        assertThat(p.confirm(A, 7)).isFalse();
        assertThat(p.confirm(A, 7)).isFalse();
    }

    @Test
    void sequenceGoingBackwards_startsAfresh() {
        Persistence p = new Persistence(2, 10);

        assertThat(p.confirm(A, 500)).isFalse();
        assertThat(p.confirm(A, 3)).isFalse();
        assertThat(p.confirm(A, 4)).isTrue();
    }

    @Test
    void requiringOne_confirmsAtOnce_andNonsenseIsRefused() {
        assertThat(new Persistence(1, 1).confirm(A, 0)).isTrue();
        assertThatThrownBy(() -> new Persistence(3, 2)).hasMessage("within must be >= required (3), was 2");
    }
}
