package dev.cascade.model.bundle;

import dev.cascade.checks.Checks;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model was trained on, for its model card.
 *
 * @param source where the data came from (a simulator and its settings, a file)
 * @param examples how many windows were used for training
 * @param seed the random seed of the run (0 if none)
 * @param details further facts (epochs, held-out windows, fault types, ...), sorted by key
 */
public record TrainingSummary(String source, long examples, long seed, Map<String, String> details) {
    public TrainingSummary {
        Checks.notBlank(source, "training.source");
        Checks.check(examples >= 0, "training.examples", ">= 0", examples);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** For a model made elsewhere and imported. */
    public static TrainingSummary imported(String source) {
        return new TrainingSummary(source, 0, 0, Map.of());
    }
}
