package dev.cascade.sim.farm;

/**
 * One day's weather: temperatures, reference evapotranspiration and an optional rain event.
 *
 * @param minTempC the day's minimum air temperature (around 06:00)
 * @param maxTempC the day's maximum air temperature (around 15:00)
 * @param et0MmPerDay Hargreaves reference evapotranspiration for the day
 * @param rainStartHour when the day's rain starts (hour of day), meaningless if {@code rainMm} is 0
 * @param rainHours how long it rains
 * @param rainMm how much falls in total
 */
public record DayWeather(double minTempC, double maxTempC, double et0MmPerDay, double rainStartHour, double rainHours,
                         double rainMm) {

    public double meanTempC() {
        return (minTempC + maxTempC) / 2;
    }

    /** Air temperature at {@code hour} of the day: a sinusoid peaking at 15:00. */
    public double airTempC(double hour) {
        return meanTempC() + (maxTempC - minTempC) / 2 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    }

    /** Soil temperature at 10 cm: damped to a third of the air swing and lagging it by three hours. */
    public double soilTempC(double hour) {
        return meanTempC() + (maxTempC - minTempC) / 6 * Math.sin(2 * Math.PI * (hour - 12) / 24);
    }

    /** Rain in mm that falls between {@code fromHour} and {@code toHour} of this day. */
    public double rainMm(double fromHour, double toHour) {
        if (rainMm <= 0) {
            return 0;
        }
        double a = Math.max(fromHour, rainStartHour);
        double b = Math.min(toHour, rainStartHour + rainHours);
        return b > a ? rainMm * (b - a) / rainHours : 0;
    }

    /**
     * The share of the day's ET0 that falls between {@code fromHour} and {@code toHour}: ET follows the
     * sun as a half sine from 06:00 to 18:00 and is zero at night.
     */
    public static double etShare(double fromHour, double toHour) {
        double a = Math.max(fromHour, 6);
        double b = Math.min(toHour, 18);
        if (b <= a) {
            return 0;
        }
        // integral of (pi/24) sin(pi (h-6)/12) dh = -(1/2) cos(pi (h-6)/12)
        return 0.5 * (Math.cos(Math.PI * (a - 6) / 12) - Math.cos(Math.PI * (b - 6) / 12));
    }
}
