package dev.cascade.sim.farm;

/**
 * Soil texture classes with their hydraulic properties (volumetric water content as a fraction):
 * typical values from FAO-56 Table 19 and USDA texture tables.
 */
public enum SoilType {
    SAND(0.10, 0.04, 0.38, 0.80),
    LOAM(0.27, 0.12, 0.45, 0.40),
    CLAY(0.38, 0.22, 0.50, 0.15);

    private final double fieldCapacity;
    private final double wiltingPoint;
    private final double saturation;
    private final double drainagePerDay;

    SoilType(double fieldCapacity, double wiltingPoint, double saturation, double drainagePerDay) {
        this.fieldCapacity = fieldCapacity;
        this.wiltingPoint = wiltingPoint;
        this.saturation = saturation;
        this.drainagePerDay = drainagePerDay;
    }

    /** Water content the soil holds against gravity (fraction). */
    public double fieldCapacity() {
        return fieldCapacity;
    }

    /** Water content below which plants cannot extract water (fraction). */
    public double wiltingPoint() {
        return wiltingPoint;
    }

    /** Water content with all pores full (fraction); more runs off. */
    public double saturation() {
        return saturation;
    }

    /** Share of the water above field capacity that drains below the root zone per day. */
    public double drainagePerDay() {
        return drainagePerDay;
    }
}
