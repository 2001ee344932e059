package dev.cascade.config;

import java.util.List;

/** A configuration with one or more violations; the message lists all of them, one per line. */
public final class ConfigException extends Exception {
    private final List<String> violations;

    public ConfigException(List<String> violations) {
        super("invalid configuration (" + violations.size() + " problem" + (violations.size() == 1 ? "" : "s")
                + "):\n  " + String.join("\n  ", violations));
        this.violations = List.copyOf(violations);
    }

    /** Each violation, naming its key path: {@code "<key> must be <rule>, was <value>"}. */
    public List<String> violations() {
        return violations;
    }
}
