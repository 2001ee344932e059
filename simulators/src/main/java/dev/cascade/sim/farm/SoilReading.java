package dev.cascade.sim.farm;

import java.time.Instant;

/**
 * One probe reading: the three channels of a {@code SOIL} window.
 *
 * @param at simulated time of the reading
 * @param moisturePct volumetric water content, %
 * @param soilTempC soil temperature, deg C
 * @param rainMm rain since the previous reading, mm (whole bucket tips)
 */
public record SoilReading(Instant at, double moisturePct, double soilTempC, double rainMm) {}
