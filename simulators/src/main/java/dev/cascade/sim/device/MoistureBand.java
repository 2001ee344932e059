package dev.cascade.sim.device;

import dev.cascade.checks.Checks;

/** The target range of soil water content, %: irrigation should keep a zone inside it. */
public record MoistureBand(double lowPct, double highPct) {
    public MoistureBand {
        Checks.inRange(lowPct, 0, 100, "lowPct");
        Checks.check(highPct > lowPct && highPct <= 100, "highPct", "in (lowPct = " + lowPct + ", 100]", highPct);
    }

    public boolean contains(double pct) {
        return pct >= lowPct && pct <= highPct;
    }
}
