package dev.cascade.bench.farm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cloud.model.CloudModel;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.testkit.TestModels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialTest {
    private final Trial trial = new Trial(3, 10, 20, 30, 7, Trial.Climate.CHANGEABLE);

    @Test
    void sameSeed_sameFields_sameOutcome() throws Exception {
        assertThat(trial.timer(15)).isEqualTo(new Trial(3, 10, 20, 30, 7, Trial.Climate.CHANGEABLE).timer(15));
    }

    @Test
    void longerTimers_useProportionallyMoreWater() throws Exception {
        List<Trial.Outcome> timers = trial.timers(30);

        assertThat(timers.get(0).litresPerZone()).isZero();
        assertThat(timers.get(30).litresPerZone()).isEqualTo(2 * timers.get(15).litresPerZone(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(timers.get(0).inBand()).as("unwatered fields dry out of the band").isLessThan(0.8);
    }

    @Test
    void irrigationModelInTheLoop_keepsTheBand_withLessWaterThanTheTimerThatKeepsIt() throws Exception {
        Trial month = new Trial(2, 30, 20, 30, 7, Trial.Climate.CHANGEABLE);
        List<Trial.Outcome> timers = month.timers(40);
        try (CloudModel m = CloudModel.open(ModelBundle.load(TestModels.latest("irrigation-cloud")), OnnxOptions.CPU)) {
            Trial.Outcome model = month.modelInTheLoop(m, 20.5, 15, Duration.ofHours(2));

            assertThat(model.inBand()).isGreaterThanOrEqualTo(0.95);
            Trial.Outcome timer = Trial.shortestReaching(timers, model.inBand())
                    .orElse(timers.stream().max(java.util.Comparator.comparingDouble(Trial.Outcome::inBand)).orElseThrow());
            assertThat(model.litresPerZone()).isLessThan(timer.litresPerZone());
        }
    }
}
