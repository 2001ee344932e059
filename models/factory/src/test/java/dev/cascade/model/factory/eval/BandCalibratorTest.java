package dev.cascade.model.factory.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cascade.model.bundle.Calibration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BandCalibratorTest {
    private static final float[][] FEATURES = {{0f, 10f}, {1f, 12f}, {0.5f, 11f}};

    @Test
    void edgeThatDisagreesWithTheCloudNearItsThreshold_getsABandHoldingThoseDisagreements() {
        // The cloud sees the truth; the edge sees it with noise of 0.1: they disagree only within ~0.3 of T = 1.
        Random r = new Random(7);
        int n = 20_000;
        float[] cloud = new float[n];
        float[] edge = new float[n];
        for (int i = 0; i < n; i++) {
            cloud[i] = (float) (r.nextDouble() * 4);
            edge[i] = cloud[i] + (float) (0.1 * r.nextGaussian());
        }

        Calibration c = BandCalibrator.calibrate(edge, 1.0, cloud, 1.0, true, null, FEATURES, 0.95, 0.5, 0.05, 0.5);

        assertThat(c.method()).isEqualTo(Calibration.DISAGREEMENT);
        assertThat(c.disagreementCovered()).isGreaterThanOrEqualTo(0.95);
        assertThat(c.bandBelow()).isBetween(0.1, 0.3);
        assertThat(c.bandAbove()).isBetween(0.1, 0.3);
        // Scores are uniform on [0, 4]: a band of width w holds about w / 4 of the windows.
        assertThat(c.escalationRate()).isCloseTo((c.bandBelow() + c.bandAbove()) / 4, within(0.01));
        assertThat(c.heldOutWindows()).isEqualTo(n);
    }

    @Test
    void withoutACloudModel_theBandHoldsTheTargetShareOfWindowsNearestTheThreshold() {
        float[] edge = new float[1000];
        for (int i = 0; i < edge.length; i++) {
            edge[i] = i / 1000f;
        }

        Calibration c = BandCalibrator.calibrate(edge, 0.5, null, Double.NaN, true, null, FEATURES, 0.95, 0.5, 0.10, 0.5);

        assertThat(c.method()).isEqualTo(Calibration.TARGET_RATE);
        assertThat(c.escalationRate()).isCloseTo(0.10, within(0.002));
        assertThat(c.bandBelow()).isEqualTo(c.bandAbove());
        assertThat(Double.isNaN(c.disagreementCovered())).isTrue();
    }

    @Test
    void featureRange_isTheTrainingMinimumAndMaximum_andAFeatureFarOutsideIsNamed() {
        Calibration c = BandCalibrator.calibrate(new float[] {0.2f, 0.9f}, 0.5, null, Double.NaN, true, null, FEATURES, 0.95, 0.5, 0.5, 0.5);

        assertThat(c.featureMin()).containsExactly(0f, 10f);
        assertThat(c.featureMax()).containsExactly(1f, 12f);
        assertThat(c.outOfRange(new float[] {1.4f, 12.9f}, 0, 2)).isNull();
        assertThat(c.outOfRange(new float[] {0.5f, 14f}, 0, 2)).startsWith("features[1] = 14.00 outside [9.000, 13.00]");
    }

    @Test
    void forecastModel_bandIsMeasuredOnTheSameSide_scoresBelowTheThresholdArePositive() {
        Random r = new Random(3);
        int n = 5000;
        float[] cloud = new float[n];
        float[] edge = new float[n];
        for (int i = 0; i < n; i++) {
            cloud[i] = (float) (20 + 20 * r.nextDouble());
            edge[i] = cloud[i] + (float) (0.5 * r.nextGaussian());
        }

        Calibration c = BandCalibrator.calibrate(edge, 30, cloud, 30, false, null, FEATURES, 0.95, 0.5, 0.05, 0.5);

        assertThat(c.method()).isEqualTo(Calibration.DISAGREEMENT);
        assertThat(c.bandBelow()).isBetween(0.3, 1.5);
        assertThat(c.bandAbove()).isBetween(0.3, 1.5);
    }

    @Test
    void bandThatWouldEscalateTooMuchEverydayTraffic_isNarrowedToTheBudget_coveringFewerDisagreements() {
        // Everyday windows crowd just below the threshold, where edge and cloud disagree: a 95 % band would
        // escalate most of them; a 10 % budget keeps the band narrow and says how much of the disagreement it holds.
        Random r = new Random(11);
        int n = 10_000;
        float[] cloud = new float[n];
        float[] edge = new float[n];
        boolean[] everyday = new boolean[n];
        for (int i = 0; i < n; i++) {
            everyday[i] = i % 2 == 0;
            cloud[i] = (float) (everyday[i] ? 0.8 + 0.1 * r.nextGaussian() : 2 + r.nextGaussian());
            edge[i] = cloud[i] + (float) (0.4 * r.nextGaussian());
        }

        Calibration c = BandCalibrator.calibrate(edge, 1.0, cloud, 1.0, true, everyday, FEATURES, 0.95, 0.10, 0.05, 0.5);

        assertThat(c.method()).isEqualTo(Calibration.DISAGREEMENT);
        assertThat(c.escalationRate()).isLessThanOrEqualTo(0.10);
        assertThat(c.disagreementCovered()).isLessThan(0.95).isGreaterThan(0.0);
    }
}
