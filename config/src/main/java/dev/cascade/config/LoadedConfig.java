package dev.cascade.config;

import java.util.List;

/**
 * A configuration read without violations, with every value as it was read.
 *
 * @param value the typed configuration
 * @param effective every setting's effective value in reading order, secrets masked
 */
public record LoadedConfig<T>(T value, List<ConfigNode.Value> effective) {
    public LoadedConfig {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        effective = List.copyOf(effective);
    }

    /** The effective configuration, one {@code key: value} line per setting, secrets shown as {@value ConfigNode#MASK}. */
    public String printed() {
        StringBuilder b = new StringBuilder();
        for (ConfigNode.Value v : effective) {
            b.append(v.path()).append(": ").append(v.shown()).append('\n');
        }
        return b.toString();
    }
}
