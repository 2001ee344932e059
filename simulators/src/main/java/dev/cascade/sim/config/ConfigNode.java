package dev.cascade.sim.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of one object of a YAML configuration. Every accessor names its key, default and one
 * line of documentation; a bad value is recorded as a violation naming the full field path (and the
 * default is used so reading can go on), so that all problems are reported at once. The same reads,
 * run on an empty document, produce the configuration reference. Not thread-safe.
 */
final class ConfigNode {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    /** One documented setting. */
    record Setting(String path, String type, String defaultValue, String doc) {}

    private final JsonNode node;
    private final String path;
    private final List<String> violations;
    private final List<Setting> reference;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigNode(JsonNode node, String path, List<String> violations, List<Setting> reference) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.violations = violations;
        this.reference = reference;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            violations.add((path.isEmpty() ? "configuration" : path) + " must be a mapping of settings, was "
                    + this.node.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
    }

    static ConfigNode root(JsonNode node, List<String> violations, List<Setting> reference) {
        return new ConfigNode(node, "", violations, reference);
    }

    private String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonNode value(String key, String type, Object def, String doc) {
        known.add(key);
        if (reference != null) {
            reference.add(new Setting(field(key), type, def == null ? "" : String.valueOf(def), doc));
        }
        JsonNode v = node.isObject() ? node.get(key) : null;
        return v == null || v.isNull() ? null : v;
    }

    void violation(String key, String rule, Object was) {
        violations.add(field(key) + " must be " + rule + ", was " + was);
    }

    /** Runs {@code build}; an {@link IllegalArgumentException} becomes a violation of this object. */
    <T> Optional<T> build(Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException e) {
            violations.add((path.isEmpty() ? "" : path + ".") + e.getMessage());
            return Optional.empty();
        }
    }

    String text(String key, String def, String pattern, String doc) {
        JsonNode v = value(key, "string", def == null ? "(required)" : def, doc);
        if (v == null) {
            if (def == null) {
                violations.add(field(key) + " must be set");
            }
            return def;
        }
        if (!v.isValueNode()) {
            violation(key, "a string", v.getNodeType().toString().toLowerCase(Locale.ROOT));
            return def;
        }
        String s = v.asText();
        if (pattern != null && !s.matches(pattern)) {
            violation(key, "of the form " + pattern, '"' + s + '"');
            return def;
        }
        return s;
    }

    Optional<String> optionalText(String key, String doc) {
        JsonNode v = value(key, "string", "(none)", doc);
        return v == null ? Optional.empty() : Optional.of(v.asText());
    }

    long integer(String key, long def, long min, long max, String doc) {
        JsonNode v = value(key, "integer", def, doc);
        if (v == null) {
            return def;
        }
        if (!v.canConvertToExactIntegral() || !v.isNumber()) {
            violation(key, "an integer in [" + min + ", " + max + "]", v.isTextual() ? '"' + v.asText() + '"' : v);
            return def;
        }
        long l = v.asLong();
        if (l < min || l > max) {
            violation(key, "in [" + min + ", " + max + "]", l);
            return def;
        }
        return l;
    }

    double number(String key, double def, double min, double max, String doc) {
        JsonNode v = value(key, "number", def, doc);
        if (v == null) {
            return def;
        }
        if (!v.isNumber()) {
            violation(key, "a number in [" + min + ", " + max + "]", v.isTextual() ? '"' + v.asText() + '"' : v);
            return def;
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            violation(key, "in [" + min + ", " + max + "]", d);
            return def;
        }
        return d;
    }

    boolean bool(String key, boolean def, String doc) {
        JsonNode v = value(key, "boolean", def, doc);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            violation(key, "true or false", v);
            return def;
        }
        return v.asBoolean();
    }

    Duration duration(String key, Duration def, Duration min, Duration max, String doc) {
        return parseDuration(key, value(key, "duration", show(def), doc), min, max)
                .orElse(def);
    }

    Optional<Duration> optionalDuration(String key, Duration min, Duration max, String doc) {
        return parseDuration(key, value(key, "duration", "(none)", doc), min, max);
    }

    private Optional<Duration> parseDuration(String key, JsonNode v, Duration min, Duration max) {
        if (v == null) {
            return Optional.empty();
        }
        Optional<Duration> d = parseDuration(v.asText());
        if (d.isEmpty()) {
            violation(key, "a duration like 250ms, 30s, 5m, 2h, 1d or PT30S", '"' + v.asText() + '"');
        } else if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            violation(key, "in [" + show(min) + ", " + show(max) + "]", show(d.get()));
            return Optional.empty();
        }
        return d;
    }

    static Optional<Duration> parseDuration(String s) {
        String t = s.strip();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double nanos;
            switch (m.group(2)) {
                case "ms": nanos = n * 1e6; break;
                case "s": nanos = n * 1e9; break;
                case "m": nanos = n * 60e9; break;
                case "h": nanos = n * 3600e9; break;
                default: nanos = n * 86400e9; break;
            }
            return Optional.of(Duration.ofNanos(Math.round(nanos)));
        }
        try {
            return Optional.of(Duration.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String show(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E def, String doc) {
        JsonNode v = value(key, "one of " + names(type), def, doc);
        if (v == null) {
            return def;
        }
        return parseEnum(type, v.asText()).orElseGet(() -> {
            violation(key, "one of " + names(type), '"' + v.asText() + '"');
            return def;
        });
    }

    <E extends Enum<E>> List<E> choices(String key, Class<E> type, List<E> def, String doc) {
        JsonNode v = value(key, "list of " + names(type), def, doc);
        if (v == null) {
            return def;
        }
        List<E> out = new ArrayList<>();
        Iterable<JsonNode> items = v.isArray() ? v : List.of(v);
        for (JsonNode item : items) {
            Optional<E> e = parseEnum(type, item.asText());
            if (e.isEmpty()) {
                violation(key, "a list of " + names(type), v);
                return def;
            }
            out.add(e.get());
        }
        if (out.isEmpty()) {
            violation(key, "a non-empty list of " + names(type), v);
            return def;
        }
        return out;
    }

    private static <E extends Enum<E>> Optional<E> parseEnum(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.strip())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        List<String> n = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            n.add(e.name());
        }
        return String.join("|", n);
    }

    /** A nested object (empty if absent). */
    ConfigNode object(String key, String doc) {
        JsonNode v = value(key, "mapping", "", doc);
        if (reference != null) {
            reference.remove(reference.size() - 1);
            reference.add(new Setting(field(key), "mapping", "", doc));
        }
        return new ConfigNode(v, field(key), violations, reference);
    }

    /** A nested object if present (in the reference: always, to document its settings). */
    Optional<ConfigNode> optionalObject(String key, String doc) {
        JsonNode v = value(key, "mapping", "(none)", doc);
        if (v == null && reference == null) {
            return Optional.empty();
        }
        return Optional.of(new ConfigNode(v, field(key), violations, reference));
    }

    /** A list of objects (in the reference: one, to document its settings). */
    List<ConfigNode> list(String key, String doc) {
        JsonNode v = value(key, "list of mappings", "[]", doc);
        List<ConfigNode> out = new ArrayList<>();
        if (reference != null) {
            out.add(new ConfigNode(null, field(key) + "[]", violations, reference));
            return out;
        }
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            violation(key, "a list", v.getNodeType().toString().toLowerCase(Locale.ROOT));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(v.get(i), field(key) + "[" + i + "]", violations, reference));
        }
        return out;
    }

    /** Reports keys that no accessor asked for (typos). Call after reading every setting of this object. */
    void finish() {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                violations.add(field(n) + " is not a known setting (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    boolean present() {
        return !node.isMissingNode();
    }
}
