package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.decide.Decider;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.model.bundle.Calibration;
import dev.cascade.model.bundle.ScoringRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10: the band around the threshold comes from the model's manifest; a site can override it. */
class CalibratedBandTest {
    private static final ScoringRule ANOMALY = ScoringRule.reconstructionMse();
    private static final Calibration NARROW = new Calibration(Calibration.DISAGREEMENT, 0.2, 0.3, 1000, 0.04, 0.96,
            List.of(), List.of(), 0.5);

    @Test
    void modelWithACalibration_isUncertainOnlyInsideItsMeasuredBand() {
        Decider d = new Decider(EscalationPolicy.defaults());

        assertThat(d.decide(0.79f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.NORMAL);
        assertThat(d.decide(0.81f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.UNCERTAIN);
        assertThat(d.decide(1.29f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.UNCERTAIN);
        // The fixed band would still call 1.31 uncertain (up to 2 x T); the measured one acts.
        assertThat(d.decide(1.31f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.ACT);
        assertThat(d.decide(1.31f, 1.0, ANOMALY, null)).isEqualTo(Decision.UNCERTAIN);
    }

    @Test
    void siteThatTurnsModelBandsOff_getsItsConfiguredBandForEveryModel() {
        Decider d = new Decider(EscalationPolicy.defaults().withBandFromModel(false));

        assertThat(d.decide(1.31f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.UNCERTAIN);
        assertThat(d.decide(0.85f, 1.0, ANOMALY, NARROW)).isEqualTo(Decision.NORMAL);
    }

    @Test
    void forecastModel_bandMovesWithTheSitesThreshold() {
        Decider d = new Decider(EscalationPolicy.defaults());
        Calibration c = new Calibration(Calibration.DISAGREEMENT, 0.5, 0.4, 1000, 0.05, 0.95, List.of(), List.of(), 0.5);
        ScoringRule forecast = ScoringRule.output(0, 1f, 0f, false);

        assertThat(d.decide(25.41f, 25.0, forecast, c)).isEqualTo(Decision.NORMAL);
        assertThat(d.decide(25.39f, 25.0, forecast, c)).isEqualTo(Decision.UNCERTAIN);
        assertThat(d.decide(24.51f, 25.0, forecast, c)).isEqualTo(Decision.UNCERTAIN);
        assertThat(d.decide(24.49f, 25.0, forecast, c)).isEqualTo(Decision.ACT);
    }
}
