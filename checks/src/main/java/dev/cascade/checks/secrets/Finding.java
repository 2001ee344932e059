package dev.cascade.checks.secrets;

/**
 * One suspected secret in a tracked file.
 *
 * @param path the file, relative to the repository root, with {@code /} separators
 * @param line 1-based line of the match; 0 for a finding about the whole file (a key store)
 * @param rule what was found, e.g. {@code PEM private key}
 */
public record Finding(String path, int line, String rule) {
    public Finding {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path must not be blank, was " + path);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, was " + line);
        }
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("rule must not be blank, was " + rule);
        }
    }

    @Override
    public String toString() {
        return path + (line > 0 ? ":" + line : "") + ": " + rule;
    }
}
