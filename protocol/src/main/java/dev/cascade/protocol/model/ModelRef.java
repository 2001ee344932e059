package dev.cascade.protocol.model;

import dev.cascade.checks.Checks;
import java.util.regex.Pattern;

/** Names one version of one model, e.g. {@code vibration-anomaly-edge@3}. */
public record ModelRef(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");

    public ModelRef {
        Checks.check(name != null && NAME.matcher(name).matches(), "model.name",
                "1-64 characters of [a-z0-9._-] starting with a letter or digit", Checks.quote(name));
        Checks.check(version != null && VERSION.matcher(version).matches(), "model.version",
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
