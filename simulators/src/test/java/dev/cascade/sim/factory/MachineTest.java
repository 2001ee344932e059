package dev.cascade.sim.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MachineTest {
    private static final MachineSpec SPEC = MachineSpec.defaults();
    private static final double FS = SPEC.sampleRateHz();

    /** 8 consecutive windows: 1 s at 8192 Hz, 1 Hz resolution. */
    private static float[] second(Machine m) {
        float[] out = new float[8192];
        float[] w = new float[SPEC.windowSize()];
        for (int i = 0; i < 8; i++) {
            m.fill(w);
            System.arraycopy(w, 0, out, i * w.length, w.length);
        }
        return out;
    }

    private static Machine machine(Fault... faults) {
        Machine m = new Machine(SPEC, 42);
        for (Fault f : faults) {
            m.inject(f);
        }
        return m;
    }

    @Test
    void skf6205_defectOrders_matchTheCaseWesternPublishedValues() {
        BearingGeometry b = BearingGeometry.SKF_6205;
        assertThat(b.bpfoOrder()).isCloseTo(3.5848, within(1e-3));
        assertThat(b.bpfiOrder()).isCloseTo(5.4152, within(1e-3));
        assertThat(2 * b.bsfOrder()).isCloseTo(4.7135, within(1e-3));
        assertThat(b.ftfOrder()).isCloseTo(0.3983, within(1e-3));
        assertThat(b.bpfoHz(30)).isCloseTo(30 * 3.5848, within(0.05));
    }

    @Test
    void outerRaceFault_envelopeSpectrumPeaksAtBpfo() {
        Machine m = machine(Fault.of(FaultType.BEARING_OUTER, 0.5));
        float[] x = second(m);
        double bpfo = SPEC.bearing().bpfoHz(m.shaftHz());

        Spectrum env = Spectrum.envelope(x, FS, 1500, 4000);
        assertThat(env.peakHz(10, 500)).isCloseTo(bpfo, within(2.0));
        assertThat(env.at(2 * bpfo, 2)).isGreaterThan(5 * env.median(10, 1000));

        Spectrum raw = Spectrum.of(x, FS);
        Spectrum healthy = Spectrum.of(second(machine()), FS);
        assertThat(raw.at(bpfo, 1.5)).isGreaterThan(10 * raw.median(50, 500));
        assertThat(raw.at(bpfo, 1.5)).isGreaterThan(10 * healthy.at(bpfo, 1.5));
    }

    @Test
    void innerRaceFault_envelopeShowsBpfiWithShaftRateSidebands() {
        Machine m = machine(Fault.of(FaultType.BEARING_INNER, 0.5));
        float[] x = second(m);
        double fr = m.shaftHz();
        double bpfi = SPEC.bearing().bpfiHz(fr);

        Spectrum env = Spectrum.envelope(x, FS, 1500, 4000);
        double floor = env.median(10, 1000);
        assertThat(env.at(bpfi, 2)).isGreaterThan(10 * floor);
        assertThat(env.at(bpfi - fr, 1.5)).isGreaterThan(4 * floor);
        assertThat(env.at(bpfi + fr, 1.5)).isGreaterThan(4 * floor);
        assertThat(env.at(fr, 1.5)).as("load-zone modulation at 1x").isGreaterThan(10 * floor);
        assertThat(env.at(SPEC.bearing().bpfoHz(fr), 2)).as("no outer-race tone").isLessThan(env.at(bpfi, 2) / 5);
    }

    @Test
    void ballFault_envelopeShowsTwiceBallSpinAndTheCageRate() {
        Machine m = machine(Fault.of(FaultType.BEARING_BALL, 0.6));
        float[] x = second(m);
        double fr = m.shaftHz();
        double bsf = SPEC.bearing().bsfHz(fr);

        Spectrum env = Spectrum.envelope(x, FS, 1500, 4000);
        double floor = env.median(5, 1000);
        assertThat(env.at(2 * bsf, 2)).isGreaterThan(10 * floor);
        assertThat(env.at(bsf, 2)).as("alternating race impacts").isGreaterThan(5 * floor);
        assertThat(env.at(SPEC.bearing().ftfHz(fr), 1.5)).as("cage modulation").isGreaterThan(5 * floor);
    }

    @Test
    void imbalance_raisesTheOneTimesLine() {
        Machine healthy = machine();
        Machine unbalanced = machine(Fault.of(FaultType.IMBALANCE, 0.5));
        double fr = unbalanced.shaftHz();
        double before = Spectrum.of(second(healthy), FS).at(fr, 1.5);
        double after = Spectrum.of(second(unbalanced), FS).at(fr, 1.5);

        assertThat(before).isCloseTo(SPEC.residualImbalanceG(), within(0.01));
        assertThat(after).isBetween(0.2, 0.3);   // 0.5 x 0.5 g, plus the residual at some phase
        assertThat(after / before).isGreaterThan(5);
    }

    @Test
    void misalignment_makesTwoTimesDominant() {
        Machine m = machine(Fault.of(FaultType.MISALIGNMENT, 0.8));
        double fr = m.shaftHz();
        Spectrum s = Spectrum.of(second(m), FS);
        Spectrum healthy = Spectrum.of(second(machine()), FS);

        assertThat(s.peakHz(10, 1000)).isCloseTo(2 * fr, within(1.5));
        assertThat(s.at(2 * fr, 1.5)).isGreaterThan(s.at(fr, 1.5)).isGreaterThan(s.at(3 * fr, 1.5));
        assertThat(s.at(2 * fr, 1.5)).isGreaterThan(10 * healthy.at(2 * fr, 1.5));
    }

    @Test
    void looseness_addsHalfOrderLinesAndManyHarmonics() {
        Machine m = machine(Fault.of(FaultType.LOOSENESS, 1.0));
        double fr = m.shaftHz();
        Spectrum s = Spectrum.of(second(m), FS);
        Spectrum healthy = Spectrum.of(second(machine()), FS);
        double floor = s.median(10, 1000);

        assertThat(s.at(1.5 * fr, 1.5)).isGreaterThan(10 * floor);
        assertThat(s.at(0.5 * fr, 1.5)).isGreaterThan(10 * floor);
        assertThat(s.at(6 * fr, 2)).isGreaterThan(10 * healthy.at(6 * fr, 2));
    }

    @Test
    void stoppedMachine_coastsDownThenShowsOnlySensorNoise() {
        Machine m = machine(Fault.of(FaultType.IMBALANCE, 1.0), Fault.of(FaultType.BEARING_OUTER, 1.0));
        double runningRms = Spectrum.rms(m.nextWindow());
        m.stop();
        double firstStoppedRms = Spectrum.rms(m.nextWindow());
        assertThat(m.running()).isFalse();
        assertThat(m.shaftHz()).as("still coasting").isGreaterThan(0);
        assertThat(firstStoppedRms).isLessThan(runningRms);

        for (int i = 0; i < 200; i++) {   // 25 s, many spin-down time constants
            m.nextWindow();
        }
        assertThat(m.shaftHz()).isZero();
        assertThat(Spectrum.rms(second(m))).isCloseTo(SPEC.sensorNoiseG(), within(0.15 * SPEC.sensorNoiseG()));
    }

    @Test
    void resumedMachine_runsUpToLoadedSpeedAgain() {
        Machine m = machine();
        m.stop();
        m.advance(Duration.ofSeconds(30));
        assertThat(m.shaftHz()).isZero();
        m.resume();
        m.advance(Duration.ofSeconds(30));
        assertThat(m.shaftHz()).isCloseTo(SPEC.shaftHz() * (1 - SPEC.slipAtFullLoad() * SPEC.load()), within(1e-3));
        assertThat(Spectrum.rms(m.nextWindow())).isGreaterThan(3 * SPEC.sensorNoiseG());
    }

    @Test
    void load_slowsTheShaftBySlip() {
        Machine m = machine();
        m.setLoad(1.0);
        m.advance(Duration.ofSeconds(30));
        assertThat(m.shaftHz()).isCloseTo(SPEC.shaftHz() * 0.98, within(1e-3));
        m.setLoad(0.0);
        m.advance(Duration.ofSeconds(30));
        assertThat(m.shaftHz()).isCloseTo(SPEC.shaftHz(), within(1e-3));
    }

    @Test
    void fault_growsWithMachineTimeUpToOne() {
        Machine m = machine(new Fault(FaultType.BEARING_OUTER, 0.05, 0.2));
        double bpfo = SPEC.bearing().bpfoHz(m.shaftHz());
        double early = Spectrum.envelope(second(m), FS, 1500, 4000).at(bpfo, 2);
        m.advance(Duration.ofHours(2));
        assertThat(m.severity(FaultType.BEARING_OUTER)).isCloseTo(0.45, within(1e-3));
        double later = Spectrum.envelope(second(m), FS, 1500, 4000).at(bpfo, 2);
        assertThat(later).isGreaterThan(4 * early);
        m.advance(Duration.ofHours(10));
        assertThat(m.severity(FaultType.BEARING_OUTER)).isEqualTo(1.0);
        assertThat(m.elapsed()).isEqualTo(Duration.ofHours(12).plusSeconds(2));
    }

    @Test
    void sameSeed_givesIdenticalSamples_otherSeedDiffers() {
        Fault f = new Fault(FaultType.BEARING_INNER, 0.3, 1);
        Machine a = new Machine(SPEC, 7);
        Machine b = new Machine(SPEC, 7);
        Machine c = new Machine(SPEC, 8);
        a.inject(f);
        b.inject(f);
        c.inject(f);
        for (int i = 0; i < 5; i++) {
            float[] wa = a.nextWindow();
            assertThat(b.nextWindow()).containsExactly(wa);
            assertThat(c.nextWindow()).isNotEqualTo(wa);
        }
    }

    @Test
    void consecutiveWindows_arePhaseContinuous() {
        Machine whole = new Machine(SPEC, 3);
        Machine halves = new Machine(SPEC, 3);
        whole.inject(Fault.of(FaultType.MISALIGNMENT, 0.5));
        halves.inject(Fault.of(FaultType.MISALIGNMENT, 0.5));
        float[] w = whole.nextWindow();
        float[] first = new float[512];
        float[] second = new float[512];
        halves.fill(first);
        halves.fill(second);
        for (int i = 0; i < 512; i++) {
            assertThat(first[i]).isEqualTo(w[i]);
            assertThat(second[i]).isEqualTo(w[512 + i]);
        }
    }

    @Test
    void repair_removesTheFault() {
        Machine m = machine(Fault.of(FaultType.IMBALANCE, 1.0));
        assertThat(m.repair(FaultType.IMBALANCE)).isTrue();
        assertThat(m.severity(FaultType.IMBALANCE)).isZero();
        assertThat(Spectrum.of(second(m), FS).at(m.shaftHz(), 1.5)).isLessThan(0.05);
    }

    @Test
    void spec_withShaftTooFastForTheSampleRate_isRejectedNamingTheField() {
        assertThatThrownBy(() -> SPEC.toBuilder().shaftHz(500).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shaftHz must be in (0, sampleRateHz/40 = 204.8] so that 10x and bearing tones fit below Nyquist, was 500.0");
        assertThatThrownBy(() -> new Fault(FaultType.IMBALANCE, 0, 0))
                .hasMessage("severity must be in (0, 1], was 0.0");
    }
}
