package dev.cascade.protocol.model;

import dev.cascade.checks.Checks;
import dev.cascade.protocol.internal.Ids;

/** Names one version of one model, e.g. {@code vibration-anomaly-edge@3}. */
public record ModelRef(String name, String version) {
    public ModelRef {
        Checks.check(Ids.isModelName(name), "model.name",
                "1-64 characters of [a-z0-9._-] starting with a letter or digit", Checks.quote(name));
        Checks.check(Ids.isModelVersion(version), "model.version",
                "1-32 characters of [A-Za-z0-9._+-]", Checks.quote(version));
    }

    /** Parses {@code name@version}. */
    public static ModelRef parse(String text) {
        int at = text == null ? -1 : text.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("model must be name@version, was " + Checks.quote(text));
        }
        return new ModelRef(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
