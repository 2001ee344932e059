package dev.cascade.sim.factory;

import dev.cascade.checks.Checks;

/**
 * A rolling-element bearing's geometry, from which its defect frequencies follow. Frequencies are
 * returned as orders (multiples of the shaft rate) so that they follow speed changes.
 *
 * @param balls number of rolling elements
 * @param ballDiameterMm rolling-element diameter d
 * @param pitchDiameterMm pitch diameter D (centre of the balls)
 * @param contactAngleDeg contact angle, 0 for a deep-groove bearing under radial load
 */
public record BearingGeometry(int balls, double ballDiameterMm, double pitchDiameterMm, double contactAngleDeg) {
    /** SKF 6205-2RS JEM, the drive-end bearing of the Case Western Reserve bearing data set. */
    public static final BearingGeometry SKF_6205 = new BearingGeometry(9, 7.94, 39.04, 0);
    /** SKF 6203-2RS JEM, the fan-end bearing of the same test rig. */
    public static final BearingGeometry SKF_6203 = new BearingGeometry(8, 6.75, 28.50, 0);

    public BearingGeometry {
        Checks.check(balls >= 3 && balls <= 64, "balls", "in [3, 64]", balls);
        Checks.positive(ballDiameterMm, "ballDiameterMm");
        Checks.positive(pitchDiameterMm, "pitchDiameterMm");
        Checks.check(ballDiameterMm < pitchDiameterMm, "ballDiameterMm",
                "< pitchDiameterMm (" + pitchDiameterMm + ")", ballDiameterMm);
        Checks.inRange(contactAngleDeg, 0, 45, "contactAngleDeg");
    }

    private double ratio() {
        return ballDiameterMm / pitchDiameterMm * Math.cos(Math.toRadians(contactAngleDeg));
    }

    /** Fundamental train (cage) frequency as an order of shaft rate: (1 - d/D cos a) / 2. */
    public double ftfOrder() {
        return 0.5 * (1 - ratio());
    }

    /** Ball pass frequency, outer race, as an order: n/2 (1 - d/D cos a). */
    public double bpfoOrder() {
        return balls * 0.5 * (1 - ratio());
    }

    /** Ball pass frequency, inner race, as an order: n/2 (1 + d/D cos a). */
    public double bpfiOrder() {
        return balls * 0.5 * (1 + ratio());
    }

    /** Ball (rolling element) spin frequency as an order: D/(2d) (1 - (d/D cos a)^2). */
    public double bsfOrder() {
        double r = ratio();
        return pitchDiameterMm / (2 * ballDiameterMm) * (1 - r * r);
    }

    /** Cage frequency in Hz at {@code shaftHz}. */
    public double ftfHz(double shaftHz) {
        return ftfOrder() * shaftHz;
    }

    /** Outer-race defect frequency in Hz at {@code shaftHz}. */
    public double bpfoHz(double shaftHz) {
        return bpfoOrder() * shaftHz;
    }

    /** Inner-race defect frequency in Hz at {@code shaftHz}. */
    public double bpfiHz(double shaftHz) {
        return bpfiOrder() * shaftHz;
    }

    /** Ball spin frequency in Hz at {@code shaftHz}. */
    public double bsfHz(double shaftHz) {
        return bsfOrder() * shaftHz;
    }
}
