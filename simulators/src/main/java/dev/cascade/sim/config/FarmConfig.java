package dev.cascade.sim.config;

import dev.cascade.sim.device.FixedSchedule;
import dev.cascade.sim.device.MoistureBand;
import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.WeatherSpec;
import dev.cascade.config.ConfigNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The simulated farm: fields of irrigated zones under shared weather.
 *
 * @param zones how many soil devices
 * @param idPrefix device ids are {@code prefix0000}, ...
 * @param windowsPerSecond windows each zone sends per (wall) second
 * @param framesPerWindow readings per window (the history each window carries)
 * @param framesPerStep new readings per window: equal to {@code framesPerWindow} for back-to-back windows,
 *     fewer for sliding windows (e.g. 48 readings of history every 4 readings)
 * @param sampleInterval simulated time between readings (so acceleration = frames x interval x rate)
 * @param start the farm's simulated clock at start; empty: now
 * @param soils soil types, assigned to zones in turn
 * @param zonesPerField zones that share one weather
 * @param band target water content band
 * @param weather the climate
 * @param probe how the probes err
 * @param rootDepthMm root zone depth, mm
 * @param areaM2 zone area, m^2
 * @param valveFlowLitresPerMinute valve flow, L/min
 * @param cropCoefficient crop coefficient Kc
 * @param fixedSchedule optional baseline timer irrigation
 */
public record FarmConfig(int zones, String idPrefix, double windowsPerSecond, int framesPerWindow,
                         int framesPerStep, Duration sampleInterval, Optional<Instant> start, List<SoilType> soils, int zonesPerField,
                         MoistureBand band, WeatherSpec weather, ProbeSpec probe, double rootDepthMm, double areaM2,
                         double valveFlowLitresPerMinute, double cropCoefficient, Optional<FixedSchedule> fixedSchedule) {

    /** Simulated time per wall time. */
    public double timeAcceleration() {
        return framesPerStep * sampleInterval.toNanos() / 1e9 * windowsPerSecond;
    }

    static FarmConfig read(ConfigNode n) {
        int zones = (int) n.integer("zones", 10, 0, 100_000, "soil devices");
        String prefix = n.text("idPrefix", "zone-", "[A-Za-z0-9._-]{1,50}", "device ids are <idPrefix>0000, ...");
        double rate = n.number("windowsPerSecond", 1, 1e-4, 1000, "windows each zone sends per wall second");
        int frames = (int) n.integer("framesPerWindow", 10, 1, 20_000, "readings per window (the history it carries)");
        int step = (int) n.integer("framesPerStep", frames, 1, 20_000,
                "new readings per window; fewer than framesPerWindow makes sliding windows (default: framesPerWindow)");
        if (step > frames) {
            n.violation("framesPerStep", "<= framesPerWindow (" + frames + ")", step);
        }
        Duration interval = n.duration("sampleInterval", Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofHours(6),
                "simulated time between readings (farm acceleration = framesPerStep x sampleInterval x windowsPerSecond)");
        Optional<String> startText = n.optionalText("start", "the farm's simulated clock at start (ISO instant); default: now");
        Optional<Instant> start = Optional.empty();
        if (startText.isPresent()) {
            try {
                start = Optional.of(Instant.parse(startText.get()));
            } catch (DateTimeParseException e) {
                n.violation("start", "an ISO instant like 2026-07-01T00:00:00Z", '"' + startText.get() + '"');
            }
        }
        List<SoilType> soils = n.choices("soils", SoilType.class, List.of(SoilType.LOAM), "soil types, assigned to zones in turn");
        int perField = (int) n.integer("zonesPerField", 10, 1, 100_000, "zones that share one weather");
        double rootDepth = n.number("rootDepthMm", 300, 50, 2000, "root zone depth, mm");
        double area = n.number("areaM2", 1000, 1, 1e7, "zone area, m^2");
        double flow = n.number("valveFlowLitresPerMinute", 200, 0.1, 1e6, "valve flow, L/min");
        double kc = n.number("cropCoefficient", 1.0, 0.05, 1.5, "crop coefficient Kc");

        ConfigNode b = n.object("band", "target water content band, %");
        double low = b.number("lowPct", 20, 0, 100, "lower edge, %");
        double high = b.number("highPct", 30, 0, 100, "upper edge, %");
        b.finish();
        MoistureBand band = b.build(() -> new MoistureBand(low, high)).orElse(new MoistureBand(20, 30));

        ConfigNode w = n.object("weather", "the climate the weather is drawn from (default: a dry mid-latitude summer)");
        WeatherSpec s = WeatherSpec.summer();
        double mean = w.number("meanTempC", s.meanTempC(), -30, 50, "mean daily air temperature, C");
        double range = w.number("dailyRangeC", s.dailyRangeC(), 0.1, 30, "daily max - min, C");
        double dayToDay = w.number("dayToDayTempC", s.dayToDayTempC(), 0, 15, "spread of daily means, C");
        double rainP = w.number("rainProbabilityPerDay", s.rainProbabilityPerDay(), 0, 1, "chance of a rain event per day");
        double rainMm = w.number("meanRainMm", s.meanRainMm(), 0, 500, "mean depth of a rain event, mm");
        double ra = w.number("radiationMmPerDay", s.radiationMmPerDay(), 0, 25, "extraterrestrial radiation (Hargreaves Ra), mm/day");
        w.finish();
        WeatherSpec weather = w.build(() -> new WeatherSpec(mean, range, dayToDay, rainP, rainMm, ra)).orElse(s);

        ConfigNode p = n.object("probe", "how the soil probes err");
        ProbeSpec pd = ProbeSpec.defaults();
        double noise = p.number("noisePct", pd.noisePct(), 0, 20, "moisture noise, % (1 sigma)");
        double drift = p.number("driftPctPerDay", pd.driftPctPerDay(), 0, 5, "calibration drift scale, %/day");
        double dropout = p.number("dropoutProbability", pd.dropoutProbability(), 0, 0.99, "chance a reading is lost (its window is lost)");
        double bucket = p.number("rainResolutionMm", pd.rainResolutionMm(), 0.01, 10, "rain gauge tip, mm");
        double tnoise = p.number("tempNoiseC", pd.tempNoiseC(), 0, 10, "soil temperature noise, C");
        p.finish();
        ProbeSpec probe = p.build(() -> new ProbeSpec(noise, drift, dropout, bucket, tnoise)).orElse(pd);

        Optional<FixedSchedule> schedule = Optional.empty();
        Optional<ConfigNode> fs = n.optionalObject("fixedSchedule", "baseline: a timer opens every valve daily (omit for none)");
        if (fs.isPresent()) {
            ConfigNode f = fs.get();
            String at = f.text("at", "05:00", "\\d{1,2}:\\d{2}", "time of day (zone time, UTC)");
            Duration d = f.duration("duration", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(12), "how long the valve opens");
            f.finish();
            if (f.present()) {
                schedule = f.build(() -> new FixedSchedule(LocalTime.parse(at.length() == 4 ? "0" + at : at), d));
            }
        }
        n.finish();
        return new FarmConfig(zones, prefix, rate, frames, step, interval, start, soils, perField, band, weather, probe,
                rootDepth, area, flow, kc, schedule);
    }
}
