package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;
import java.time.Instant;

/**
 * One irrigated zone: its soil, root zone, area, valve and starting state.
 *
 * @param soil the soil texture
 * @param rootDepthMm depth of the root zone whose water the probe measures, mm
 * @param areaM2 irrigated area, m^2
 * @param valveFlowLitresPerMinute flow through the open valve, L/min (spread evenly over the area)
 * @param initialMoisturePct volumetric water content at the start, %
 * @param cropCoefficient Kc: crop evapotranspiration over reference, (0, 1.5]
 * @param interlockMoisturePct the valve refuses to open at or above this water content, %
 * @param start the zone's simulated clock at the start (time of day matters for ET)
 * @param weather the climate
 */
public record ZoneSpec(SoilType soil, double rootDepthMm, double areaM2, double valveFlowLitresPerMinute,
                       double initialMoisturePct, double cropCoefficient, double interlockMoisturePct, Instant start,
                       WeatherSpec weather) {
    public ZoneSpec {
        Checks.notNull(soil, "soil");
        Checks.check(rootDepthMm >= 50 && rootDepthMm <= 2000, "rootDepthMm", "in [50, 2000]", rootDepthMm);
        Checks.positive(areaM2, "areaM2");
        Checks.positive(valveFlowLitresPerMinute, "valveFlowLitresPerMinute");
        Checks.inRange(initialMoisturePct, soil.wiltingPoint() * 100, soil.saturation() * 100, "initialMoisturePct");
        Checks.check(cropCoefficient > 0 && cropCoefficient <= 1.5, "cropCoefficient", "in (0, 1.5]", cropCoefficient);
        Checks.check(interlockMoisturePct > soil.wiltingPoint() * 100 && interlockMoisturePct <= soil.saturation() * 100,
                "interlockMoisturePct", "in (" + soil.wiltingPoint() * 100 + ", " + soil.saturation() * 100 + "]",
                interlockMoisturePct);
        Checks.notNull(start, "start");
        Checks.notNull(weather, "weather");
    }

    /**
     * A 1000 m^2 zone of {@code soil} with a 300 mm root zone, a 200 L/min valve (12 mm/h), a crop at
     * Kc 1.0, starting at field capacity in {@link WeatherSpec#summer()}; the interlock sits halfway
     * between field capacity and saturation.
     */
    public static ZoneSpec defaults(SoilType soil, Instant start) {
        return new ZoneSpec(soil, 300, 1000, 200, soil.fieldCapacity() * 100, 1.0, defaultInterlockPct(soil), start,
                WeatherSpec.summer());
    }

    /** Halfway between field capacity and saturation, in %. */
    public static double defaultInterlockPct(SoilType soil) {
        return 50 * (soil.fieldCapacity() + soil.saturation());
    }

    /** This spec with another weather. */
    public ZoneSpec withWeather(WeatherSpec w) {
        return new ZoneSpec(soil, rootDepthMm, areaM2, valveFlowLitresPerMinute, initialMoisturePct, cropCoefficient,
                interlockMoisturePct, start, w);
    }

    /** This spec with another starting water content. */
    public ZoneSpec withInitialMoisturePct(double pct) {
        return new ZoneSpec(soil, rootDepthMm, areaM2, valveFlowLitresPerMinute, pct, cropCoefficient,
                interlockMoisturePct, start, weather);
    }

    /** Irrigation depth the open valve adds per hour, mm. */
    public double irrigationMmPerHour() {
        return valveFlowLitresPerMinute * 60 / areaM2;
    }
}
