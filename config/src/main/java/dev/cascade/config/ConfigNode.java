package dev.cascade.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reading of one object of a YAML configuration; not thread-safe.
 *
 * <p>Every accessor names its key, default and one line of documentation; a bad value is recorded as a violation
 * naming the full key path (and the default is used so reading can go on), so that all problems are reported at
 * once. A scalar key can be overridden from the environment ({@code CASCADE_} and the key path in upper case,
 * dots and dashes as underscores). Every value read is remembered for printing the effective configuration
 * (secrets masked). The same reads, run on an empty document, produce the configuration reference.
 */
public final class ConfigNode {
    /** How a secret is shown in the printed configuration. */
    public static final String MASK = "******";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");
    private static final YAMLMapper SCALARS = new YAMLMapper();

    /** One documented setting. */
    public record Setting(String path, String type, String defaultValue, String doc) {}

    /** One value of the effective configuration, as printed (secrets masked). */
    public record Value(String path, String shown) {}

    private record Reading(Map<String, String> env, Path base, List<String> violations, List<Setting> reference,
                           List<Value> effective) {}

    private final JsonNode node;
    private final String path;
    private final Reading reading;
    private final Set<String> known = new LinkedHashSet<>();
    private boolean finished;

    private ConfigNode(JsonNode node, String path, Reading reading) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.reading = reading;
        if (!this.node.isMissingNode() && !this.node.isObject()) {
            reading.violations().add((path.isEmpty() ? "configuration" : path) + " must be a mapping of settings, was "
                    + kind(this.node));
        }
    }

    /** The root of a document without environment overrides; relative paths resolve against the working folder. */
    public static ConfigNode root(JsonNode node, List<String> violations, List<Setting> reference) {
        return new ConfigNode(node, "", new Reading(Map.of(), Path.of(""), violations, reference, new ArrayList<>()));
    }

    /**
     * The root of a document read with environment overrides from {@code env}, relative paths resolved against
     * {@code base}; read values are appended to {@code effective}.
     */
    public static ConfigNode root(JsonNode node, Map<String, String> env, Path base, List<String> violations,
                                  List<Setting> reference, List<Value> effective) {
        return new ConfigNode(node, "", new Reading(Map.copyOf(env), base, violations, reference, effective));
    }

    /** The environment variable that overrides {@code keyPath}, e.g. {@code CASCADE_INGEST_KAFKA_BOOTSTRAP}. */
    public static String envName(String keyPath) {
        return "CASCADE_" + keyPath.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The full key path of {@code key} in this object. */
    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private boolean documenting() {
        return reading.reference() != null;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private JsonNode value(String key, String type, Object def, String doc) {
        known.add(key);
        if (documenting()) {
            reading.reference().add(new Setting(field(key), type, def == null ? "" : String.valueOf(def), doc));
        }
        String fromEnv = reading.env().get(envName(field(key)));
        if (fromEnv != null) {
            return scalar(fromEnv);
        }
        JsonNode v = node.isObject() ? node.get(key) : null;
        return v == null || v.isNull() ? null : v;
    }

    private static JsonNode scalar(String text) {
        try {
            JsonNode n = SCALARS.readTree(text);
            return n != null && n.isValueNode() && !n.isNull() ? n : TextNode.valueOf(text);
        } catch (IOException | RuntimeException e) {
            return TextNode.valueOf(text);
        }
    }

    private <T> T seen(String key, T value) {
        String shown = value instanceof Optional<?> o ? o.map(ConfigNode::show).orElse("(none)") : show(value);
        reading.effective().add(new Value(field(key), shown));
        return value;
    }

    private static String show(Object v) {
        return v instanceof Duration d ? show(d) : String.valueOf(v);
    }

    private static String quoted(JsonNode v) {
        return v.isTextual() ? '"' + v.asText() + '"' : v.isValueNode() ? v.asText() : kind(v);
    }

    /** Records that {@code key} breaks {@code rule}: {@code "<path> must be <rule>, was <was>"}. */
    public void violation(String key, String rule, Object was) {
        reading.violations().add(field(key) + " must be " + rule + ", was " + was);
    }

    /** Runs {@code build}; an {@link IllegalArgumentException} becomes a violation of this object. */
    public <T> Optional<T> build(Supplier<T> build) {
        try {
            return Optional.ofNullable(build.get());
        } catch (IllegalArgumentException e) {
            reading.violations().add((path.isEmpty() ? "" : path + ".") + e.getMessage());
            return Optional.empty();
        }
    }

    /** A string matching {@code pattern} (null: any); {@code def} null makes it required. */
    public String text(String key, String def, String pattern, String doc) {
        return text(key, def, pattern, pattern == null ? null : "of the form " + pattern, doc);
    }

    /** A string matching {@code pattern}, a mismatch reported as {@code "must be <rule>"}. */
    public String text(String key, String def, String pattern, String rule, String doc) {
        JsonNode v = value(key, "string", def == null ? "(required)" : def, doc);
        if (v == null) {
            if (def == null && !documenting()) {
                reading.violations().add(field(key) + " must be set");
            }
            return seen(key, def);
        }
        if (!v.isValueNode()) {
            violation(key, "a string", kind(v));
            return seen(key, def);
        }
        String s = v.asText();
        if (pattern != null && !s.matches(pattern)) {
            violation(key, rule, '"' + s + '"');
            return seen(key, def);
        }
        return seen(key, s);
    }

    /** An optional string. */
    public Optional<String> optionalText(String key, String doc) {
        JsonNode v = value(key, "string", "(none)", doc);
        if (v != null && !v.isValueNode()) {
            violation(key, "a string", kind(v));
            return seen(key, Optional.empty());
        }
        return seen(key, v == null ? Optional.empty() : Optional.of(v.asText()));
    }

    /** An integer in [min, max]. */
    public long integer(String key, long def, long min, long max, String doc) {
        JsonNode v = value(key, "integer", def, doc);
        if (v == null) {
            return seen(key, def);
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            violation(key, "an integer in [" + min + ", " + max + "]", quoted(v));
            return seen(key, def);
        }
        long l = v.asLong();
        if (l < min || l > max) {
            violation(key, "in [" + min + ", " + max + "]", l);
            return seen(key, def);
        }
        return seen(key, l);
    }

    /** A number in [min, max]. */
    public double number(String key, double def, double min, double max, String doc) {
        JsonNode v = value(key, "number", def, doc);
        if (v == null) {
            return seen(key, def);
        }
        if (!v.isNumber()) {
            violation(key, "a number in [" + min + ", " + max + "]", quoted(v));
            return seen(key, def);
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            violation(key, "in [" + min + ", " + max + "]", d);
            return seen(key, def);
        }
        return seen(key, d);
    }

    /** True or false. */
    public boolean bool(String key, boolean def, String doc) {
        JsonNode v = value(key, "boolean", def, doc);
        if (v == null) {
            return seen(key, def);
        }
        if (!v.isBoolean()) {
            violation(key, "true or false", quoted(v));
            return seen(key, def);
        }
        return seen(key, v.asBoolean());
    }

    /** A size in bytes ({@code 512}, {@code 64KiB}, {@code 16MiB}, {@code 1GB}) in [min, max]. */
    public long size(String key, long def, long min, long max, String doc) {
        JsonNode v = value(key, "size", def + "B", doc);
        if (v == null) {
            return seen(key, def);
        }
        Matcher m = SIZE.matcher(v.isValueNode() ? v.asText().strip() : "");
        long bytes;
        try {
            if (!m.matches()) {
                throw new NumberFormatException();
            }
            long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                case "KB" -> 1_000L;
                case "MB" -> 1_000_000L;
                case "GB" -> 1_000_000_000L;
                default -> 1L;
            };
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            violation(key, "a size like 512, 64KiB, 16MiB or 1GB", quoted(v));
            return seen(key, def);
        }
        if (bytes < min || bytes > max) {
            violation(key, "in [" + min + ", " + max + "] bytes", bytes);
            return seen(key, def);
        }
        return seen(key, bytes);
    }

    /** A duration in [min, max]: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601. */
    public Duration duration(String key, Duration def, Duration min, Duration max, String doc) {
        return seen(key, parseDuration(key, value(key, "duration", show(def), doc), min, max).orElse(def));
    }

    /** An optional duration in [min, max]. */
    public Optional<Duration> optionalDuration(String key, Duration min, Duration max, String doc) {
        return seen(key, parseDuration(key, value(key, "duration", "(none)", doc), min, max));
    }

    private Optional<Duration> parseDuration(String key, JsonNode v, Duration min, Duration max) {
        if (v == null) {
            return Optional.empty();
        }
        Optional<Duration> d = v.isValueNode() ? parseDuration(v.asText()) : Optional.empty();
        if (d.isEmpty()) {
            violation(key, "a duration like 250ms, 30s, 5m, 2h, 1d or PT30S", quoted(v));
        } else if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            violation(key, "in [" + show(min) + ", " + show(max) + "]", show(d.get()));
            return Optional.empty();
        }
        return d;
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601; empty if it is none. */
    public static Optional<Duration> parseDuration(String s) {
        String t = s.strip();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double nanos = switch (m.group(2)) {
                case "ms" -> n * 1e6;
                case "s" -> n * 1e9;
                case "m" -> n * 60e9;
                case "h" -> n * 3600e9;
                default -> n * 86400e9;
            };
            if (!(nanos < 9.2e18)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.round(nanos)));
        }
        try {
            return Optional.of(Duration.parse(t));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** A duration the way the configuration writes it ({@code 30s}, {@code 5m}, {@code 250ms}). */
    public static String show(Duration d) {
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

    /** A file or folder path, relative ones resolved against the configuration file's folder. */
    public Path path(String key, Path def, String doc) {
        JsonNode v = value(key, "path", def == null ? "(required)" : def, doc);
        if (v == null) {
            if (def == null && !documenting()) {
                reading.violations().add(field(key) + " must be set");
            }
            return seen(key, def == null ? null : reading.base().resolve(def));
        }
        return seen(key, toPath(key, v).orElse(def));
    }

    /** An optional file or folder path, relative ones resolved against the configuration file's folder. */
    public Optional<Path> optionalPath(String key, String doc) {
        JsonNode v = value(key, "path", "(none)", doc);
        return seen(key, v == null ? Optional.empty() : toPath(key, v));
    }

    private Optional<Path> toPath(String key, JsonNode v) {
        if (!v.isValueNode() || v.asText().isBlank()) {
            violation(key, "a path", quoted(v));
            return Optional.empty();
        }
        try {
            return Optional.of(reading.base().resolve(v.asText()).normalize());
        } catch (InvalidPathException e) {
            violation(key, "a valid path", quoted(v));
            return Optional.empty();
        }
    }

    /**
     * A secret, read from the file named by {@code <key>-file} or from the environment variable of {@code <key>}
     * (which wins); printed as {@value #MASK}, never shown in messages.
     */
    public Optional<Secret> secret(String key, String doc) {
        String fileKey = key + "-file";
        known.add(fileKey);
        if (documenting()) {
            reading.reference().add(new Setting(field(fileKey), "secret file", "(none)",
                    doc + " (or the value itself in " + envName(field(key)) + ")"));
        }
        String direct = reading.env().get(envName(field(key)));
        Optional<Secret> out = Optional.empty();
        if (direct != null) {
            out = Optional.of(new Secret(direct));
        } else {
            String fromEnv = reading.env().get(envName(field(fileKey)));
            JsonNode v = fromEnv != null ? TextNode.valueOf(fromEnv) : node.isObject() ? node.get(fileKey) : null;
            if (v != null && !v.isNull()) {
                Optional<Path> file = toPath(fileKey, v);
                if (file.isPresent()) {
                    try {
                        out = Optional.of(new Secret(Files.readString(file.get(), StandardCharsets.UTF_8).strip()));
                    } catch (IOException | RuntimeException e) {
                        violation(fileKey, "a readable file", '"' + file.get().toString() + '"');
                    }
                }
            }
        }
        reading.effective().add(new Value(field(fileKey), out.isPresent() ? MASK : "(none)"));
        return out;
    }

    /** One of the enum's constants, case-insensitive. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E def, String doc) {
        JsonNode v = value(key, "one of " + names(type), def, doc);
        if (v == null) {
            return seen(key, def);
        }
        Optional<E> e = v.isValueNode() ? parseEnum(type, v.asText()) : Optional.empty();
        if (e.isEmpty()) {
            violation(key, "one of " + names(type), quoted(v));
            return seen(key, def);
        }
        return seen(key, e.get());
    }

    /** A non-empty list of the enum's constants (a single value is a list of one). */
    public <E extends Enum<E>> List<E> choices(String key, Class<E> type, List<E> def, String doc) {
        JsonNode v = value(key, "list of " + names(type), def, doc);
        if (v == null) {
            return seen(key, def);
        }
        List<E> out = new ArrayList<>();
        Iterable<JsonNode> items = v.isArray() ? v : List.of(v);
        for (JsonNode item : items) {
            Optional<E> e = item.isValueNode() ? parseEnum(type, item.asText()) : Optional.empty();
            if (e.isEmpty()) {
                violation(key, "a list of " + names(type), v);
                return seen(key, def);
            }
            out.add(e.get());
        }
        if (out.isEmpty()) {
            violation(key, "a non-empty list of " + names(type), v);
            return seen(key, def);
        }
        return seen(key, out);
    }

    private static <E extends Enum<E>> Optional<E> parseEnum(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.strip().replace('-', '_'))) {
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

    /**
     * A free mapping of names to scalar values (e.g. client property overrides); printed with values masked
     * where the name says password, secret, key or jaas.
     */
    public Map<String, String> map(String key, String doc) {
        JsonNode v = value(key, "mapping of strings", "{}", doc);
        Map<String, String> out = new LinkedHashMap<>();
        if (v != null && !v.isObject()) {
            violation(key, "a mapping of names to values", kind(v));
        } else if (v != null) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    violation(key + "." + e.getKey(), "a string, number or boolean", kind(e.getValue()));
                } else {
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            reading.effective().add(new Value(field(key) + "." + e.getKey(),
                    sensitive(e.getKey()) ? MASK : e.getValue()));
        }
        return out;
    }

    /** Whether a property name looks like it holds a secret (password, secret, private key, JAAS config). */
    public static boolean sensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("secret") || n.contains("jaas") || n.endsWith(".key")
                || n.contains("private");
    }

    /** A nested object (empty if absent). */
    public ConfigNode object(String key, String doc) {
        known.add(key);
        if (documenting()) {
            reading.reference().add(new Setting(field(key), "mapping", "", doc));
        }
        JsonNode v = node.isObject() ? node.get(key) : null;
        return new ConfigNode(v, field(key), reading);
    }

    /** A nested object if present (in the reference: always, to document its settings). */
    public Optional<ConfigNode> optionalObject(String key, String doc) {
        known.add(key);
        if (documenting()) {
            reading.reference().add(new Setting(field(key), "mapping", "(none)", doc));
        }
        JsonNode v = node.isObject() ? node.get(key) : null;
        if ((v == null || v.isNull()) && !documenting()) {
            return Optional.empty();
        }
        return Optional.of(new ConfigNode(v, field(key), reading));
    }

    /** A list of objects (in the reference: one, to document its settings). */
    public List<ConfigNode> list(String key, String doc) {
        JsonNode v = value(key, "list of mappings", "[]", doc);
        List<ConfigNode> out = new ArrayList<>();
        if (documenting()) {
            out.add(new ConfigNode(null, field(key) + "[]", reading));
            return out;
        }
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            violation(key, "a list", kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(v.get(i), field(key) + "[" + i + "]", reading));
        }
        return out;
    }

    /** Reports keys that no accessor asked for (typos); call after reading every setting of this object. */
    public void finish() {
        if (finished || !node.isObject()) {
            return;
        }
        finished = true;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                reading.violations().add(field(n) + " is not a known setting (known here: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** Whether the document has this object. */
    public boolean present() {
        return !node.isMissingNode();
    }

    /** Whether this read only documents the settings (every value is its default). */
    public boolean documentingOnly() {
        return documenting();
    }
}
