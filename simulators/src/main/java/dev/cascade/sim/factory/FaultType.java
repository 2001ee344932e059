package dev.cascade.sim.factory;

/** The mechanical faults a simulated machine can develop. */
public enum FaultType {
    /** Mass unbalance: a once-per-revolution force, so the 1x line grows (with speed squared). */
    IMBALANCE(0.5),
    /** Shaft misalignment: a strong 2x line with some 1x and 3x. */
    MISALIGNMENT(0.4),
    /** Outer-race spall: impulses at BPFO ringing the structure, no modulation (fixed load zone). */
    BEARING_OUTER(3.0),
    /** Inner-race spall: impulses at BPFI, amplitude-modulated at shaft rate (sidebands at +-1x). */
    BEARING_INNER(3.0),
    /** Rolling-element spot: impulses at 2x BSF (alternating races), modulated at the cage rate. */
    BEARING_BALL(2.0),
    /** Mechanical looseness: many shaft harmonics and half-order (0.5x, 1.5x, ...) lines. */
    LOOSENESS(0.15);

    private final double amplitudeG;

    FaultType(double amplitudeG) {
        this.amplitudeG = amplitudeG;
    }

    /** The characteristic amplitude in g at severity 1 and design speed (peak of the impulse for bearings). */
    public double amplitudeG() {
        return amplitudeG;
    }

    /** Whether this fault is a rolling-element bearing defect. */
    public boolean bearing() {
        return this == BEARING_OUTER || this == BEARING_INNER || this == BEARING_BALL;
    }
}
