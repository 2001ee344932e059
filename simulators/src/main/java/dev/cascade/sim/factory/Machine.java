package dev.cascade.sim.factory;

import dev.cascade.checks.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A rotating machine whose accelerometer signal is built from physics: shaft-synchronous lines
 * (residual and fault imbalance at 1x, misalignment at 2x, looseness harmonics and half orders),
 * bearing defects as slip-jittered impulse trains at BPFO/BPFI/2xBSF that ring a structural
 * resonance and are amplitude-modulated by the load zone (1x for the inner race, the cage for a
 * ball), broadband machine noise and a sensor noise floor.
 *
 * <p>Time is the samples generated plus any {@link #advance skipped} time; consecutive windows are
 * phase-continuous. Faults grow with that time. A stopped machine coasts down with
 * {@code spinDownSeconds} and then produces only sensor noise. The same spec and seed give the same
 * samples (on the same JVM). Not thread-safe: confine a machine to one thread.
 */
public final class Machine {
    private static final double TWO_PI = 2 * Math.PI;
    private static final double STANDSTILL_HZ = 0.05;
    private static final int HEALTHY_HALF_ORDERS = 6;   // up to 3x
    private static final int LOOSE_HALF_ORDERS = 20;    // up to 10x
    private static final double SLIP_JITTER = 0.01;     // rolling elements slip ~1% between impacts
    private static final double LINE_SHARE = 0.015;     // direct defect-frequency line, relative to the impulse peak

    private final MachineSpec spec;
    private final SplittableRandom random;
    private final double dt;
    private final double alphaUp;
    private final double alphaDown;
    private final double resA1;
    private final double resA2;
    private final double resB;

    private final double[] residualPhase = new double[LOOSE_HALF_ORDERS + 1];
    private final double[] misalignPhase = new double[LOOSE_HALF_ORDERS + 1];
    private final double[] loosePhase = new double[LOOSE_HALF_ORDERS + 1];
    private final double imbalancePhase;
    private final double innerModCos;
    private final double innerModSin;

    private final Map<FaultType, ActiveFault> faults = new EnumMap<>(FaultType.class);
    private final double[] sinCoef = new double[LOOSE_HALF_ORDERS + 1];
    private final double[] cosCoef = new double[LOOSE_HALF_ORDERS + 1];
    private final ActiveFault[] bearingFaults = new ActiveFault[3];

    private double nominalHz;
    private double load;
    private boolean running = true;
    private double hz;
    private final Rotor halfShaft = new Rotor();   // half the shaft angle
    private final Rotor cage = new Rotor();        // cage angle plus its modulation phase
    private double res1;
    private double res2;
    private long samples;
    private long skippedNanos;

    /** A machine running at speed under {@code spec.load()}, with no faults. */
    public Machine(MachineSpec spec, long seed) {
        this.spec = Checks.notNull(spec, "spec");
        this.random = new SplittableRandom(seed);
        this.dt = 1.0 / spec.sampleRateHz();
        this.alphaUp = -Math.expm1(-dt / spec.spinUpSeconds());
        this.alphaDown = -Math.expm1(-dt / spec.spinDownSeconds());
        double w0 = TWO_PI * spec.resonanceHz() / spec.sampleRateHz();
        double zeta = spec.resonanceDamping();
        double r = Math.exp(-zeta * w0);
        double wd = w0 * Math.sqrt(1 - zeta * zeta);
        this.resA1 = 2 * r * Math.cos(wd);
        this.resA2 = -r * r;
        this.resB = Math.sin(wd);   // unit impulse -> ring of peak ~1
        for (int k = 1; k <= LOOSE_HALF_ORDERS; k++) {
            residualPhase[k] = random.nextDouble() * TWO_PI;
            misalignPhase[k] = random.nextDouble() * TWO_PI;
            loosePhase[k] = random.nextDouble() * TWO_PI;
        }
        this.imbalancePhase = random.nextDouble() * TWO_PI;
        double innerModPhase = random.nextDouble() * TWO_PI;
        this.innerModCos = Math.cos(innerModPhase);
        this.innerModSin = Math.sin(innerModPhase);
        this.cage.set(random.nextDouble() * TWO_PI);
        this.halfShaft.set(random.nextDouble() * TWO_PI);
        this.nominalHz = spec.shaftHz();
        this.load = spec.load();
        this.hz = targetHz();
    }

    public MachineSpec spec() {
        return spec;
    }

    public double sampleRateHz() {
        return spec.sampleRateHz();
    }

    /** Samples per window of {@link #nextWindow()}. */
    public int windowSize() {
        return spec.windowSize();
    }

    /** A new window of {@link #windowSize()} consecutive samples, in g. */
    public float[] nextWindow() {
        float[] w = new float[spec.windowSize()];
        fill(w);
        return w;
    }

    /** Overwrites {@code window} with the next consecutive samples, in g; time advances by its length. */
    public void fill(float[] window) {
        Checks.notNull(window, "window");
        wanderLoad(window.length * dt);
        int halfOrders = prepareCoefficients();
        int nBearing = prepareBearings();
        double machineNoise = spec.machineNoiseG();
        double sensorNoise = spec.sensorNoiseG();
        double design = spec.shaftHz();
        double noiseSpeed = Double.NaN;
        double noiseSigma = 0;
        for (int i = 0; i < window.length; i++) {
            double target = targetHz();
            hz += (target - hz) * (running ? alphaUp : alphaDown);
            if (!running && hz < STANDSTILL_HZ) {
                hz = 0;
            }
            double value = 0;
            double excitation = 0;
            double speed = hz / design;
            if (hz > 0) {
                halfShaft.rotate(Math.PI * hz * dt);
                double sp = halfShaft.s;
                double cp = halfShaft.c;
                double sync = speed * speed;
                double sk = sp;
                double ck = cp;
                double acc = 0;
                double s2 = 0;
                double c2 = 1;
                for (int k = 1; k <= halfOrders; k++) {
                    acc += sinCoef[k] * sk + cosCoef[k] * ck;
                    if (k == 2) {
                        s2 = sk;
                        c2 = ck;
                    }
                    double ns = sk * cp + ck * sp;
                    ck = ck * cp - sk * sp;
                    sk = ns;
                }
                value += sync * acc;
                if (nBearing > 0) {
                    cage.rotate(TWO_PI * spec.bearing().ftfOrder() * hz * dt);
                    for (int b = 0; b < nBearing; b++) {
                        ActiveFault f = bearingFaults[b];
                        double mod = modulation(f.fault.type(), s2, c2);
                        double step = f.order * hz * dt;
                        f.cycles += step;
                        f.line.rotate(f.fault.type() == FaultType.BEARING_BALL ? Math.PI * step : TWO_PI * step);
                        if (f.cycles >= f.next) {
                            double alternate = f.fault.type() == FaultType.BEARING_BALL && (f.impacts & 1) == 1 ? 0.5 : 1;
                            excitation += f.amplitude * sync * mod * alternate;
                            f.impacts++;
                            f.next += 1 + SLIP_JITTER * random.nextGaussian();
                        }
                        if (f.cycles >= 2) {
                            f.cycles -= 2;
                            f.next -= 2;
                        }
                        value += LINE_SHARE * f.amplitude * sync * mod * f.line.s;
                    }
                }
            }
            double g = random.nextGaussian();
            double mn = machineNoise * speed;
            excitation += 0.5 * mn * g;
            double y = resB * excitation + resA1 * res1 + resA2 * res2;
            res2 = res1;
            res1 = y;
            if (speed != noiseSpeed) {
                noiseSigma = Math.sqrt(mn * mn + sensorNoise * sensorNoise);
                noiseSpeed = speed;
            }
            value += y + noiseSigma * g;
            window[i] = (float) value;
        }
        samples += window.length;
    }

    private double modulation(FaultType type, double sin2psi, double cos2psi) {
        switch (type) {
            case BEARING_INNER:   // the defect rotates through the load zone once per revolution
                return 0.55 + 0.45 * (cos2psi * innerModCos - sin2psi * innerModSin);
            case BEARING_BALL:    // the ball is carried through the load zone at the cage rate
                return 0.55 + 0.45 * cage.c;
            default:              // outer race fixed in the load zone
                return 1;
        }
    }

    private int prepareCoefficients() {
        java.util.Arrays.fill(sinCoef, 0);
        java.util.Arrays.fill(cosCoef, 0);
        double res = spec.residualImbalanceG();
        addLine(2, res, residualPhase[2]);
        addLine(4, 0.4 * res, residualPhase[4]);
        addLine(6, 0.2 * res, residualPhase[6]);
        double t = elapsedSeconds();
        int halfOrders = HEALTHY_HALF_ORDERS;
        ActiveFault imb = faults.get(FaultType.IMBALANCE);
        if (imb != null) {
            addLine(2, FaultType.IMBALANCE.amplitudeG() * imb.severityAt(t), imbalancePhase);
        }
        ActiveFault mis = faults.get(FaultType.MISALIGNMENT);
        if (mis != null) {
            double a = FaultType.MISALIGNMENT.amplitudeG() * mis.severityAt(t);
            addLine(2, 0.3 * a, misalignPhase[2]);
            addLine(4, a, misalignPhase[4]);
            addLine(6, 0.35 * a, misalignPhase[6]);
        }
        ActiveFault loose = faults.get(FaultType.LOOSENESS);
        if (loose != null) {
            double a = FaultType.LOOSENESS.amplitudeG() * loose.severityAt(t);
            for (int k = 1; k <= LOOSE_HALF_ORDERS; k++) {
                boolean integerOrder = (k & 1) == 0;
                double decay = Math.pow(0.8, (k - 1) / 2);
                addLine(k, (integerOrder ? 1.0 : 0.35) * a * decay, loosePhase[k]);
            }
            halfOrders = LOOSE_HALF_ORDERS;
        }
        return halfOrders;
    }

    private void addLine(int halfOrder, double amplitude, double phase) {
        sinCoef[halfOrder] += amplitude * Math.cos(phase);
        cosCoef[halfOrder] += amplitude * Math.sin(phase);
    }

    private int prepareBearings() {
        int n = 0;
        double t = elapsedSeconds();
        double loadFactor = 0.6 + 0.8 * load;
        for (FaultType type : new FaultType[] {FaultType.BEARING_OUTER, FaultType.BEARING_INNER, FaultType.BEARING_BALL}) {
            ActiveFault f = faults.get(type);
            if (f != null) {
                f.amplitude = type.amplitudeG() * f.severityAt(t) * loadFactor;
                bearingFaults[n++] = f;
            }
        }
        return n;
    }

    private void wanderLoad(double seconds) {
        double sigma = spec.loadWanderPerMinute();
        if (sigma > 0) {
            double l = load + sigma * Math.sqrt(seconds / 60.0) * random.nextGaussian();
            l = Math.abs(l);
            load = l > 1 ? 2 - l : l;
        }
    }

    private double targetHz() {
        return running ? nominalHz * (1 - spec.slipAtFullLoad() * load) : 0;
    }

    /**
     * Lets {@code gap} of machine time pass without producing samples: speed ramps, faults grow and
     * phases move on as if the machine had been running unobserved.
     */
    public void advance(Duration gap) {
        Checks.check(gap != null && !gap.isNegative(), "gap", ">= 0", gap);
        double s = gap.toNanos() / 1e9;
        wanderLoad(s);
        double target = targetHz();
        double tau = running ? spec.spinUpSeconds() : spec.spinDownSeconds();
        double h0 = hz;
        hz = target + (hz - target) * Math.exp(-s / tau);
        if (!running && hz < STANDSTILL_HZ) {
            hz = 0;
        }
        double revolutions = 0.5 * (h0 + hz) * s;
        halfShaft.jump(Math.PI * revolutions);
        cage.jump(TWO_PI * spec.bearing().ftfOrder() * revolutions);
        for (ActiveFault f : faults.values()) {
            double cycles = f.order * revolutions;
            f.line.jump((f.fault.type() == FaultType.BEARING_BALL ? Math.PI : TWO_PI) * cycles);
            f.cycles = (f.cycles + cycles) % 2;
            f.next = f.cycles + random.nextDouble();
        }
        if (s > 0.05) {
            res1 = 0;
            res2 = 0;
        }
        skippedNanos += gap.toNanos();
    }

    /** Starts (or replaces, if one of its type is present) a fault; it grows from now. */
    public void inject(Fault fault) {
        Checks.notNull(fault, "fault");
        faults.put(fault.type(), new ActiveFault(fault, elapsedSeconds(), orderOf(fault.type()), random.nextDouble()));
    }

    /** Removes a fault of {@code type} (a repair); returns whether there was one. */
    public boolean repair(FaultType type) {
        return faults.remove(type) != null;
    }

    /** The current severity of a fault of {@code type}, 0 if there is none. */
    public double severity(FaultType type) {
        ActiveFault f = faults.get(type);
        return f == null ? 0 : f.severityAt(elapsedSeconds());
    }

    /** The faults present, as injected. */
    public List<Fault> faults() {
        List<Fault> out = new ArrayList<>();
        for (ActiveFault f : faults.values()) {
            out.add(f.fault);
        }
        return out;
    }

    private double orderOf(FaultType type) {
        BearingGeometry b = spec.bearing();
        switch (type) {
            case BEARING_OUTER: return b.bpfoOrder();
            case BEARING_INNER: return b.bpfiOrder();
            case BEARING_BALL: return 2 * b.bsfOrder();   // the spot strikes both races each spin
            default: return 0;
        }
    }

    /** Commands a stop: the shaft coasts down and the machine then shows only sensor noise. */
    public void stop() {
        running = false;
    }

    /** Releases a stop: the shaft runs up to speed again. */
    public void resume() {
        running = true;
    }

    /** Whether the machine is commanded to run (it may still be running up). */
    public boolean running() {
        return running;
    }

    /** The shaft rate now, Hz (0 at standstill). */
    public double shaftHz() {
        return hz;
    }

    public double load() {
        return load;
    }

    /** Changes the load (a fraction of rated, [0, 1]); speed follows with the slip. */
    public void setLoad(double load) {
        this.load = Checks.inRange(load, 0, 1, "load");
    }

    /** Changes the no-load shaft rate (a variable-frequency drive); the shaft ramps to it. */
    public void setShaftHz(double shaftHz) {
        Checks.check(shaftHz > 0 && shaftHz <= spec.sampleRateHz() / 40, "shaftHz",
                "in (0, " + spec.sampleRateHz() / 40 + "]", shaftHz);
        this.nominalHz = shaftHz;
    }

    /** Machine time: samples generated plus time advanced. */
    public double elapsedSeconds() {
        return samples * dt + skippedNanos / 1e9;
    }

    /** Machine time as a duration. */
    public Duration elapsed() {
        return Duration.ofNanos(Math.round(elapsedSeconds() * 1e9));
    }

    private static final class ActiveFault {
        final Fault fault;
        final double injectedAt;
        final double order;
        double cycles;
        double next;
        final Rotor line = new Rotor();
        long impacts;
        double amplitude;

        ActiveFault(Fault fault, double injectedAt, double order, double firstImpact) {
            this.fault = fault;
            this.injectedAt = injectedAt;
            this.order = order;
            this.next = firstImpact;
        }

        double severityAt(double t) {
            return fault.severityAfterSeconds(t - injectedAt);
        }
    }

    /** A unit phasor turned sample by sample; the step's sine and cosine are cached while speed holds. */
    private static final class Rotor {
        private static final double SMALL_STEP = 0.25;
        double c = 1;
        double s;
        private double lastStep = Double.NaN;
        private double cosStep;
        private double sinStep;

        void set(double angle) {
            c = Math.cos(angle);
            s = Math.sin(angle);
        }

        void rotate(double step) {
            if (step != lastStep) {
                if (Math.abs(step) < SMALL_STEP) {
                    // While the shaft ramps, the step changes every sample; the Taylor series is exact to double
                    // precision here (first omitted terms < 1e-16) and several times cheaper than Math.cos/sin.
                    double x2 = step * step;
                    cosStep = 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30 * (1 - x2 / 56 * (1 - x2 / 90))));
                    sinStep = step * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72 * (1 - x2 / 110)))));
                } else {
                    cosStep = Math.cos(step);
                    sinStep = Math.sin(step);
                }
                lastStep = step;
            }
            double nc = c * cosStep - s * sinStep;
            s = s * cosStep + c * sinStep;
            c = nc;
            double k = 1.5 - 0.5 * (c * c + s * s);   // one Newton step keeps |phasor| = 1
            c *= k;
            s *= k;
        }

        void jump(double angle) {
            double a = angle % TWO_PI;
            double ca = Math.cos(a);
            double sa = Math.sin(a);
            double nc = c * ca - s * sa;
            s = s * ca + c * sa;
            c = nc;
        }
    }
}
