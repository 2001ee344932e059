package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.edge.decide.Decider;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private final Decider decider = new Decider(new EscalationPolicy(0.7, 2.0, 2.0, 0.0, true, 0.0));

    @Test
    void anomalyScore_farBelowThreshold_isDecidedNormalAtTheEdge() {
        assertThat(decider.decide(0.69f, 1.0, true)).isEqualTo(Decision.NORMAL);
    }

    @Test
    void anomalyScore_nearThreshold_isUncertainAndEscalated() {
        assertThat(decider.decide(0.71f, 1.0, true)).isEqualTo(Decision.UNCERTAIN);
        assertThat(decider.decide(1.5f, 1.0, true)).isEqualTo(Decision.UNCERTAIN);
        assertThat(decider.decide(2.0f, 1.0, true)).isEqualTo(Decision.UNCERTAIN);
    }

    @Test
    void anomalyScore_farAboveThreshold_isActedOnLocally() {
        assertThat(decider.decide(2.01f, 1.0, true)).isEqualTo(Decision.ACT);
    }

    @Test
    void forecast_bandsAreAbsoluteAroundTheThreshold() {
        assertThat(decider.decide(25f, 22.0, false)).isEqualTo(Decision.NORMAL);
        assertThat(decider.decide(23f, 22.0, false)).isEqualTo(Decision.UNCERTAIN);
        assertThat(decider.decide(20.5f, 22.0, false)).isEqualTo(Decision.UNCERTAIN);
        assertThat(decider.decide(19.9f, 22.0, false)).isEqualTo(Decision.ACT);
    }

    @Test
    void policy_rejectsBandsThatMakeNoSense() {
        assertThatThrownBy(() -> new EscalationPolicy(1.2, 2, 1, 0, true, 0)).hasMessage("anomalyLow must be in (0, 1], was 1.2");
        assertThatThrownBy(() -> new EscalationPolicy(0.5, 0.9, 1, 0, true, 0))
                .hasMessage("anomalyHigh must be a finite number >= 1, was 0.9");
        assertThatThrownBy(() -> new EscalationPolicy(0.5, 2, 1, 1.5, true, 0)).hasMessage("auditRate must be in [0, 1], was 1.5");
    }
}
