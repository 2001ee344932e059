package dev.cascade.cloud.registry;

import dev.cascade.protocol.window.SensorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the cloud workers take their models from when they follow a registry: a folder of
 * {@code <name>/<version>/} bundles whose {@code <name>/PROMOTED} names the live version (the highest numeric
 * version when there is no such file) and {@code <name>/SHADOW} an optional candidate scored beside it.
 *
 * @param dir the registry folder
 * @param models the registry's model name scoring each kind of window
 * @param pollInterval how often the pointer files are read for a promotion or a new shadow
 * @param shadowReportInterval how often a shadow's disagreement with the live model is logged
 */
public record RegistrySettings(Path dir, Map<SensorKind, String> models, Duration pollInterval,
                               Duration shadowReportInterval) {
    /** Default time between two reads of the pointer files. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** Default time between two shadow report lines. */
    public static final Duration DEFAULT_SHADOW_REPORT_INTERVAL = Duration.ofMinutes(1);

    public RegistrySettings {
        List<String> errors = new ArrayList<>();
        if (dir == null) {
            errors.add("registry.dir must not be null");
        }
        if (models == null || models.isEmpty()) {
            errors.add("registry.models must name at least one model, was " + models);
        } else {
            models.forEach((k, n) -> {
                if (k == null || n == null || !n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
                    errors.add("registry.models." + k + " must be a model name of [A-Za-z0-9._-], was " + n);
                }
            });
        }
        if (pollInterval == null || pollInterval.compareTo(Duration.ofMillis(10)) < 0
                || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
            errors.add("registry.pollInterval must be in [10 ms, 1 h], was " + pollInterval);
        }
        if (shadowReportInterval == null || shadowReportInterval.compareTo(Duration.ofMillis(100)) < 0
                || shadowReportInterval.compareTo(Duration.ofDays(1)) > 0) {
            errors.add("registry.shadowReportInterval must be in [100 ms, 1 d], was " + shadowReportInterval);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        models = Map.copyOf(new EnumMap<>(models));
    }

    /** A registry at {@code dir} with the default intervals. */
    public static RegistrySettings of(Path dir, Map<SensorKind, String> models) {
        return new RegistrySettings(dir, models, DEFAULT_POLL_INTERVAL, DEFAULT_SHADOW_REPORT_INTERVAL);
    }

    public RegistrySettings withPollInterval(Duration d) {
        return new RegistrySettings(dir, models, d, shadowReportInterval);
    }

    public RegistrySettings withShadowReportInterval(Duration d) {
        return new RegistrySettings(dir, models, pollInterval, d);
    }
}
