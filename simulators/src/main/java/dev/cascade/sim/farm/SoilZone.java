package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The water balance of one zone's root zone, stepped in simulated time: rain and irrigation in;
 * crop evapotranspiration (ET0 by Hargreaves, spread over daylight, Kc, reduced by water stress per
 * FAO-56 so the soil never dries below the wilting point) and drainage above field capacity out;
 * runoff above saturation. The valve wets the zone at its flow rate while open and closes by itself
 * when its commanded duration has passed.
 *
 * <p>Not thread-safe. Time moves only through {@link #step}, so simulated days run as fast as the
 * caller steps.
 */
public final class SoilZone {
    /** The longest internal integration step. */
    static final Duration MAX_SUBSTEP = Duration.ofMinutes(5);
    private static final double FAO_DEPLETION_FRACTION = 0.5;

    private final ZoneSpec spec;
    private final Weather weather;
    private final double depth;
    private Instant now;
    private double storageMm;
    private Instant valveClosesAt;    // null when closed
    private long cachedDay = Long.MIN_VALUE;
    private DayWeather today;

    private double waterUsedLitres;
    private double rainMmTotal;
    private double irrigationMmTotal;
    private double etMmTotal;
    private double drainageMmTotal;
    private double runoffMmTotal;
    private double lastStepRainMm;

    /** A zone with its own weather drawn from {@code spec.weather()} and {@code seed}. */
    public SoilZone(ZoneSpec spec, long seed) {
        this(spec, new Weather(Checks.notNull(spec, "spec").weather(), seed));
    }

    /** A zone under shared weather (zones of one field see the same rain). */
    public SoilZone(ZoneSpec spec, Weather weather) {
        this.spec = Checks.notNull(spec, "spec");
        this.weather = Checks.notNull(weather, "weather");
        this.depth = spec.rootDepthMm();
        this.now = spec.start();
        this.storageMm = spec.initialMoisturePct() / 100 * depth;
    }

    public ZoneSpec spec() {
        return spec;
    }

    /** The zone's simulated clock. */
    public Instant now() {
        return now;
    }

    /** Advances simulated time by {@code dt}, integrating the water balance in steps of at most 5 minutes. */
    public void step(Duration dt) {
        Checks.check(dt != null && !dt.isNegative(), "dt", ">= 0", dt);
        Instant end = now.plus(dt);
        lastStepRainMm = 0;
        while (now.isBefore(end)) {
            Instant next = now.plus(MAX_SUBSTEP);
            if (next.isAfter(end)) {
                next = end;
            }
            if (valveClosesAt != null && valveClosesAt.isAfter(now) && valveClosesAt.isBefore(next)) {
                next = valveClosesAt;
            }
            Instant midnight = Instant.ofEpochSecond((Math.floorDiv(now.getEpochSecond(), 86_400) + 1) * 86_400);
            if (next.isAfter(midnight)) {
                next = midnight;
            }
            integrate(now, next);
            now = next;
            if (valveClosesAt != null && !valveClosesAt.isAfter(now)) {
                valveClosesAt = null;
            }
        }
    }

    private void integrate(Instant from, Instant to) {
        double hours = Duration.between(from, to).toNanos() / 3.6e12;
        if (hours <= 0) {
            return;
        }
        DayWeather day = dayOf(from);
        double fromHour = hourOfDay(from);
        double toHour = fromHour + hours;

        double rain = day.rainMm(fromHour, toHour);
        double irrigation = 0;
        if (valveClosesAt != null) {
            irrigation = spec.irrigationMmPerHour() * hours;
            waterUsedLitres += spec.valveFlowLitresPerMinute() * hours * 60;
        }
        double etc = spec.cropCoefficient() * day.et0MmPerDay() * DayWeather.etShare(fromHour, toHour);
        double et = etc * waterStress(storageMm / depth);

        storageMm += rain + irrigation - et;
        double wp = spec.soil().wiltingPoint() * depth;
        if (storageMm < wp) {
            et -= wp - storageMm;
            storageMm = wp;
        }
        double fc = spec.soil().fieldCapacity() * depth;
        double drained = 0;
        if (storageMm > fc) {
            drained = (storageMm - fc) * -Math.expm1(-spec.soil().drainagePerDay() * hours / 24);
            storageMm -= drained;
        }
        double sat = spec.soil().saturation() * depth;
        double runoff = 0;
        if (storageMm > sat) {
            runoff = storageMm - sat;
            storageMm = sat;
        }
        rainMmTotal += rain;
        lastStepRainMm += rain;
        irrigationMmTotal += irrigation;
        etMmTotal += et;
        drainageMmTotal += drained;
        runoffMmTotal += runoff;
    }

    /** FAO-56 Ks: 1 until the readily available water is used, then falling linearly to 0 at wilting point. */
    private double waterStress(double theta) {
        double fc = spec.soil().fieldCapacity();
        double wp = spec.soil().wiltingPoint();
        double threshold = fc - FAO_DEPLETION_FRACTION * (fc - wp);
        if (theta >= threshold) {
            return 1;
        }
        return Math.max(0, (theta - wp) / (threshold - wp));
    }

    private DayWeather dayOf(Instant t) {
        long day = Math.floorDiv(t.getEpochSecond(), 86_400);
        if (day != cachedDay) {
            today = weather.day(day);
            cachedDay = day;
        }
        return today;
    }

    private static double hourOfDay(Instant t) {
        long secs = Math.floorMod(t.getEpochSecond(), 86_400);
        return (secs + t.getNano() / 1e9) / 3600.0;
    }

    /** Opens the valve for {@code duration} from now (re-opening restarts the countdown). */
    public void openValve(Duration duration) {
        Checks.check(duration != null && !duration.isNegative() && !duration.isZero(), "duration", "> 0", duration);
        valveClosesAt = now.plus(duration);
    }

    public void closeValve() {
        valveClosesAt = null;
    }

    public boolean valveOpen() {
        return valveClosesAt != null;
    }

    /** When the open valve will close by itself. */
    public Optional<Instant> valveClosesAt() {
        return Optional.ofNullable(valveClosesAt);
    }

    /** Whether the zone is at or above the interlock water content (a valve must not open). */
    public boolean saturated() {
        return moisturePct() >= spec.interlockMoisturePct();
    }

    /** True volumetric water content of the root zone, %. */
    public double moisturePct() {
        return storageMm / depth * 100;
    }

    /** Soil temperature at probe depth now, deg C. */
    public double soilTempC() {
        return dayOf(now).soilTempC(hourOfDay(now));
    }

    /** Air temperature now, deg C. */
    public double airTempC() {
        return dayOf(now).airTempC(hourOfDay(now));
    }

    /** Today's weather. */
    public DayWeather today() {
        return dayOf(now);
    }

    /** Water the valve has delivered since the start, litres. */
    public double waterUsedLitres() {
        return waterUsedLitres;
    }

    public double rainMmTotal() {
        return rainMmTotal;
    }

    /** Rain that fell during the last {@link #step} call, mm. */
    public double lastStepRainMm() {
        return lastStepRainMm;
    }

    public double irrigationMmTotal() {
        return irrigationMmTotal;
    }

    /** Actual crop evapotranspiration since the start, mm. */
    public double etMmTotal() {
        return etMmTotal;
    }

    public double drainageMmTotal() {
        return drainageMmTotal;
    }

    public double runoffMmTotal() {
        return runoffMmTotal;
    }

    /** Water held in the root zone, mm. */
    public double storageMm() {
        return storageMm;
    }
}
