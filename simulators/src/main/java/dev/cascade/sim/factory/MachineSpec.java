package dev.cascade.sim.factory;

import dev.cascade.checks.Checks;

/**
 * What a simulated rotating machine is: its speed, bearing, structure and noise. Start from
 * {@link #defaults()} (a 2 hp motor at 1797 rpm on SKF 6205 bearings, sampled at 8192 Hz) and change
 * what differs with {@link #toBuilder()}.
 *
 * @param sampleRateHz accelerometer samples per second
 * @param windowSize samples per window ({@link Machine#nextWindow()})
 * @param shaftHz design shaft rate at no load, Hz
 * @param load initial load as a fraction of rated, [0, 1]; load slows the shaft by slip and loads the bearing
 * @param slipAtFullLoad fractional speed drop at full load (induction motor slip)
 * @param loadWanderPerMinute standard deviation of the random walk of load per sqrt(minute); 0 for constant load
 * @param bearing the monitored bearing
 * @param resonanceHz the structural resonance that bearing impacts excite; below Nyquist
 * @param resonanceDamping damping ratio of that resonance, (0, 0.5]
 * @param residualImbalanceG the healthy machine's 1x amplitude, g
 * @param machineNoiseG broadband machine noise (RMS, g) at design speed
 * @param sensorNoiseG sensor noise floor (RMS, g), present even when stopped
 * @param spinDownSeconds time constant of the coast-down after a stop
 * @param spinUpSeconds time constant of the run-up after a resume
 */
public record MachineSpec(
        double sampleRateHz,
        int windowSize,
        double shaftHz,
        double load,
        double slipAtFullLoad,
        double loadWanderPerMinute,
        BearingGeometry bearing,
        double resonanceHz,
        double resonanceDamping,
        double residualImbalanceG,
        double machineNoiseG,
        double sensorNoiseG,
        double spinDownSeconds,
        double spinUpSeconds) {

    /** Windows are this many samples unless configured otherwise. */
    public static final int DEFAULT_WINDOW_SIZE = 1024;
    /** The default accelerometer rate. */
    public static final double DEFAULT_SAMPLE_RATE_HZ = 8192;

    public MachineSpec {
        Checks.check(sampleRateHz >= 256 && sampleRateHz <= 1_000_000, "sampleRateHz", "in [256, 1000000]", sampleRateHz);
        Checks.check(windowSize >= 16 && windowSize <= 65536, "windowSize", "in [16, 65536]", windowSize);
        Checks.check(shaftHz > 0 && shaftHz <= sampleRateHz / 40, "shaftHz",
                "in (0, sampleRateHz/40 = " + sampleRateHz / 40 + "] so that 10x and bearing tones fit below Nyquist", shaftHz);
        Checks.inRange(load, 0, 1, "load");
        Checks.inRange(slipAtFullLoad, 0, 0.2, "slipAtFullLoad");
        Checks.nonNegative(loadWanderPerMinute, "loadWanderPerMinute");
        Checks.notNull(bearing, "bearing");
        Checks.check(resonanceHz > 0 && resonanceHz < sampleRateHz / 2, "resonanceHz",
                "in (0, sampleRateHz/2 = " + sampleRateHz / 2 + ")", resonanceHz);
        Checks.check(resonanceDamping > 0 && resonanceDamping <= 0.5, "resonanceDamping", "in (0, 0.5]", resonanceDamping);
        Checks.nonNegative(residualImbalanceG, "residualImbalanceG");
        Checks.nonNegative(machineNoiseG, "machineNoiseG");
        Checks.nonNegative(sensorNoiseG, "sensorNoiseG");
        Checks.positive(spinDownSeconds, "spinDownSeconds");
        Checks.positive(spinUpSeconds, "spinUpSeconds");
    }

    /** A 2 hp induction motor at 1797 rpm (29.95 Hz) on an SKF 6205, 8192 Hz, 1024-sample windows. */
    public static MachineSpec defaults() {
        return new MachineSpec(DEFAULT_SAMPLE_RATE_HZ, DEFAULT_WINDOW_SIZE, 29.95, 0.5, 0.02, 0.0,
                BearingGeometry.SKF_6205, 2800, 0.06, 0.03, 0.02, 0.003, 1.5, 2.0);
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some fields of a spec; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private double sampleRateHz;
        private int windowSize;
        private double shaftHz;
        private double load;
        private double slipAtFullLoad;
        private double loadWanderPerMinute;
        private BearingGeometry bearing;
        private double resonanceHz;
        private double resonanceDamping;
        private double residualImbalanceG;
        private double machineNoiseG;
        private double sensorNoiseG;
        private double spinDownSeconds;
        private double spinUpSeconds;

        private Builder(MachineSpec s) {
            sampleRateHz = s.sampleRateHz;
            windowSize = s.windowSize;
            shaftHz = s.shaftHz;
            load = s.load;
            slipAtFullLoad = s.slipAtFullLoad;
            loadWanderPerMinute = s.loadWanderPerMinute;
            bearing = s.bearing;
            resonanceHz = s.resonanceHz;
            resonanceDamping = s.resonanceDamping;
            residualImbalanceG = s.residualImbalanceG;
            machineNoiseG = s.machineNoiseG;
            sensorNoiseG = s.sensorNoiseG;
            spinDownSeconds = s.spinDownSeconds;
            spinUpSeconds = s.spinUpSeconds;
        }

        public Builder sampleRateHz(double v) { sampleRateHz = v; return this; }
        public Builder windowSize(int v) { windowSize = v; return this; }
        public Builder shaftHz(double v) { shaftHz = v; return this; }
        public Builder load(double v) { load = v; return this; }
        public Builder slipAtFullLoad(double v) { slipAtFullLoad = v; return this; }
        public Builder loadWanderPerMinute(double v) { loadWanderPerMinute = v; return this; }
        public Builder bearing(BearingGeometry v) { bearing = v; return this; }
        public Builder resonanceHz(double v) { resonanceHz = v; return this; }
        public Builder resonanceDamping(double v) { resonanceDamping = v; return this; }
        public Builder residualImbalanceG(double v) { residualImbalanceG = v; return this; }
        public Builder machineNoiseG(double v) { machineNoiseG = v; return this; }
        public Builder sensorNoiseG(double v) { sensorNoiseG = v; return this; }
        public Builder spinDownSeconds(double v) { spinDownSeconds = v; return this; }
        public Builder spinUpSeconds(double v) { spinUpSeconds = v; return this; }

        public MachineSpec build() {
            return new MachineSpec(sampleRateHz, windowSize, shaftHz, load, slipAtFullLoad, loadWanderPerMinute,
                    bearing, resonanceHz, resonanceDamping, residualImbalanceG, machineNoiseG, sensorNoiseG,
                    spinDownSeconds, spinUpSeconds);
        }
    }
}
