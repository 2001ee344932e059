package dev.cascade.bench.processes;

import java.util.HashMap;
import java.util.Map;

/** The samples of a Prometheus text exposition, summed by metric name (labels folded). */
public final class PromText {
    private final Map<String, Double> byName;
    private final Map<String, Double> bySeries;

    private PromText(Map<String, Double> byName, Map<String, Double> bySeries) {
        this.byName = byName;
        this.bySeries = bySeries;
    }

    /** Parses {@code text}; lines it cannot read are skipped (a scrape is data from the wire). */
    public static PromText parse(String text) {
        Map<String, Double> m = new HashMap<>();
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String name = (brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space)).trim();
            try {
                double v = Double.parseDouble(line.substring(space + 1).trim());
                m.merge(name, v, Double::sum);
                series.merge(line.substring(0, space).trim(), v, Double::sum);
            } catch (NumberFormatException skipped) {
                // not a sample line
            }
        }
        return new PromText(m, series);
    }

    /** The samples called {@code name} whose labels include {@code label="value"}, summed; 0 when there are none. */
    public long count(String name, String label, String value) {
        String want = label + "=\"" + value + "\"";
        double sum = 0;
        for (Map.Entry<String, Double> e : bySeries.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(name + "{") && k.contains(want)) {
                sum += e.getValue();
            }
        }
        return Math.round(sum);
    }

    /** The sum of the samples called {@code name}, 0 when there are none. */
    public long count(String name) {
        return Math.round(byName.getOrDefault(name, 0.0));
    }
}
