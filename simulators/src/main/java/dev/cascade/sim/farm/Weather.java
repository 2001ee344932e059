package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;
import java.util.SplittableRandom;

/**
 * A field's weather: each calendar day's temperatures, evapotranspiration (Hargreaves) and rain are a
 * pure function of the climate, the seed and the day, so zones that share a seed share the weather.
 * Immutable and thread-safe.
 */
public final class Weather {
    private final WeatherSpec spec;
    private final long seed;

    public Weather(WeatherSpec spec, long seed) {
        this.spec = Checks.notNull(spec, "spec");
        this.seed = seed;
    }

    public WeatherSpec spec() {
        return spec;
    }

    /** The weather of {@code epochDay} (days since 1970-01-01, UTC). */
    public DayWeather day(long epochDay) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epochDay);
        double mean = spec.meanTempC() + spec.dayToDayTempC() * r.nextGaussian();
        boolean rains = r.nextDouble() < spec.rainProbabilityPerDay();
        double range = spec.dailyRangeC() * (0.8 + 0.4 * r.nextDouble()) * (rains ? 0.5 : 1.0);   // clouds narrow the range
        double start = r.nextDouble() * 20;
        double hours = 1 + r.nextDouble() * 5;
        double depth = rains ? -spec.meanRainMm() * Math.log(1 - r.nextDouble()) : 0;
        double min = mean - range / 2;
        double max = mean + range / 2;
        double et0 = Math.max(0, 0.0023 * spec.radiationMmPerDay() * (mean + 17.8) * Math.sqrt(range));
        return new DayWeather(min, max, et0, start, Math.min(hours, 24 - start), depth);
    }
}
