package dev.cascade.cloud.cost;

/** Cost of inference from a measured throughput and the price of an instance-hour. */
public final class CostModel {
    private CostModel() {}

    /**
     * What 1M inferences cost on an instance that scores {@code perSecond} windows per second and costs
     * {@code pricePerHour} per hour: {@code pricePerHour / (perSecond * 3600) * 1e6}.
     */
    public static double perMillion(double pricePerHour, double perSecond) {
        if (!(pricePerHour >= 0) || Double.isInfinite(pricePerHour)) {
            throw new IllegalArgumentException("pricePerHour must be a finite number >= 0, was " + pricePerHour);
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a finite number > 0, was " + perSecond);
        }
        return pricePerHour / (perSecond * 3600.0) * 1e6;
    }
}
