package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;

/**
 * The climate a field's weather is drawn from.
 *
 * @param meanTempC mean daily air temperature, deg C
 * @param dailyRangeC mean difference between the day's maximum and minimum, deg C (> 0)
 * @param dayToDayTempC standard deviation of the day's mean around {@code meanTempC}
 * @param rainProbabilityPerDay chance that a day has a rain event, [0, 1]
 * @param meanRainMm mean depth of a rain event (exponentially distributed), mm
 * @param radiationMmPerDay extraterrestrial radiation Ra as evaporation equivalent (Hargreaves), mm/day
 */
public record WeatherSpec(double meanTempC, double dailyRangeC, double dayToDayTempC, double rainProbabilityPerDay,
                          double meanRainMm, double radiationMmPerDay) {
    public WeatherSpec {
        Checks.inRange(meanTempC, -30, 50, "meanTempC");
        Checks.check(dailyRangeC > 0 && dailyRangeC <= 30, "dailyRangeC", "in (0, 30]", dailyRangeC);
        Checks.inRange(dayToDayTempC, 0, 15, "dayToDayTempC");
        Checks.inRange(rainProbabilityPerDay, 0, 1, "rainProbabilityPerDay");
        Checks.nonNegative(meanRainMm, "meanRainMm");
        Checks.inRange(radiationMmPerDay, 0, 25, "radiationMmPerDay");
    }

    /** A warm, mostly dry summer at mid latitude: ~5 mm/day reference evapotranspiration, rain on 1 day in 8. */
    public static WeatherSpec summer() {
        return new WeatherSpec(24, 12, 2.5, 0.12, 8, 16);
    }

    /** No rain at all (for tests and irrigation comparisons). */
    public WeatherSpec withoutRain() {
        return new WeatherSpec(meanTempC, dailyRangeC, dayToDayTempC, 0, meanRainMm, radiationMmPerDay);
    }
}
