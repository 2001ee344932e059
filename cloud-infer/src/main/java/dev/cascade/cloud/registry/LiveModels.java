package dev.cascade.cloud.registry;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.protocol.window.SensorKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The bundles the workers should run now: one live bundle per kind, and the shadow bundles scored beside some of
 * them. A new generation is published on every change; a worker that sees a generation it has not opened swaps its
 * sessions between two batches. Immutable.
 *
 * @param generation increases with every change
 * @param live the bundle scoring each kind
 * @param shadow the candidate bundle scored beside the live one, for the kinds that have one
 */
public record LiveModels(long generation, Map<SensorKind, ModelBundle> live, Map<SensorKind, ModelBundle> shadow) {
    public LiveModels {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0, was " + generation);
        }
        if (live == null || live.isEmpty()) {
            throw new IllegalArgumentException("live must hold at least one bundle, was " + live);
        }
        if (shadow == null) {
            throw new IllegalArgumentException("shadow must not be null (use Map.of())");
        }
        live = Map.copyOf(new EnumMap<>(live));
        shadow = shadow.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(shadow));
    }

    /** Fixed bundles (generation 0, no shadows). */
    public static LiveModels fixed(Map<SensorKind, ModelBundle> live) {
        return new LiveModels(0, live, Map.of());
    }
}
