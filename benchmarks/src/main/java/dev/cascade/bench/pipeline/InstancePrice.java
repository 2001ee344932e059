package dev.cascade.bench.pipeline;

/**
 * The cloud instance that costs are priced on.
 *
 * @param name instance type, e.g. {@code c6i.large}
 * @param dollarsPerHour on-demand price of the whole instance
 * @param vcpus its virtual CPUs (the share of an instance a role uses is its cores / vcpus)
 * @param source where the price comes from
 */
public record InstancePrice(String name, double dollarsPerHour, int vcpus, String source) {
    /**
     * AWS c6i.large (2 vCPU, 4 GiB), Linux on-demand, us-east-1: $0.085 per hour. The c6i family is priced linearly
     * by size; c6i.2xlarge is quoted at $0.34/h (hacecuentas.com AWS EC2 cost calculator, reviewed April 2026,
     * citing the AWS EC2 on-demand pricing page).
     */
    public static final InstancePrice C6I_LARGE = new InstancePrice("c6i.large", 0.085, 2,
            "AWS EC2 on-demand, Linux, us-east-1: c6i.2xlarge $0.34/h (hacecuentas.com EC2 cost calculator, April 2026, "
                    + "citing aws.amazon.com/ec2/pricing/on-demand), c6i priced linearly by size");

    public InstancePrice {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was " + name);
        }
        if (!(dollarsPerHour > 0) || Double.isInfinite(dollarsPerHour)) {
            throw new IllegalArgumentException("dollarsPerHour must be a finite number > 0, was " + dollarsPerHour);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be >= 1, was " + vcpus);
        }
        source = source == null ? "" : source;
    }

    /** Dollars per million events handled at {@code perSecond} on the whole instance. */
    public double perMillionOnWholeInstance(double perSecond) {
        return perSecond <= 0 ? Double.NaN : dollarsPerHour / (perSecond * 3600) * 1e6;
    }

    /** Dollars per million events when each event costs {@code coreSecondsPerEvent} of CPU (billed by vCPU share). */
    public double perMillionByCpu(double coreSecondsPerEvent) {
        return coreSecondsPerEvent <= 0 ? Double.NaN : dollarsPerHour / vcpus / 3600 * coreSecondsPerEvent * 1e6;
    }
}
