package dev.cascade.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one role's YAML file (a single top-level key, the role's name) with a reader that defines every key once;
 * the same reader documents the keys. Stateless and thread-safe.
 *
 * @param role the top-level key, e.g. {@code ingest}
 * @param doc one line on what the role is
 * @param reader reads the role's section; it uses {@link ConfigNode#build} for records so that their checks become
 *     violations
 */
public record ConfigLoader<T>(String role, String doc, Function<ConfigNode, T> reader) {
    public ConfigLoader {
        if (role == null || !role.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("role must be 1-32 characters of [a-z0-9-], was " + role);
        }
        if (doc == null || reader == null) {
            throw new IllegalArgumentException("doc and reader must not be null");
        }
    }

    /** Reads and validates {@code file}; relative paths in it resolve against its folder. */
    public LoadedConfig<T> load(Path file, Map<String, String> env) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(List.of("configuration file must be readable, was " + file + " (" + e + ")"));
        }
        Path parent = file.toAbsolutePath().getParent();
        return parse(yaml, parent == null ? Path.of("") : parent, env);
    }

    /** Reads and validates YAML text; every violation is reported at once, none throws anything else. */
    public LoadedConfig<T> parse(String yaml, Path base, Map<String, String> env) throws ConfigException {
        List<String> violations = new ArrayList<>();
        JsonNode tree = null;
        try {
            tree = yaml.isBlank() ? null : new YAMLMapper().readTree(yaml);
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            violations.add("configuration must be valid YAML, was not: " + m.lines().findFirst().orElse(""));
            throw new ConfigException(violations);
        }
        List<ConfigNode.Value> effective = new ArrayList<>();
        ConfigNode root = ConfigNode.root(tree, env, base, violations, null, effective);
        T value = read(root, violations);
        if (violations.isEmpty() && value == null) {
            violations.add(role + " must be readable, was not");
        }
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        return new LoadedConfig<>(value, effective);
    }

    private T read(ConfigNode root, List<String> violations) {
        ConfigNode section = root.object(role, doc);
        T value = null;
        try {
            value = reader.apply(section);
        } catch (IllegalArgumentException e) {
            violations.add(role + "." + e.getMessage());
        } catch (RuntimeException e) {
            violations.add(role + " could not be read: " + e);
        }
        section.finish();
        root.finish();
        return value;
    }

    /** Every key with its type, default and meaning. */
    public List<ConfigNode.Setting> settings() {
        List<ConfigNode.Setting> settings = new ArrayList<>();
        read(ConfigNode.root(null, Map.of(), Path.of(""), new ArrayList<>(), settings, new ArrayList<>()), new ArrayList<>());
        return settings;
    }

    /** Every key as a Markdown table (key, type, default, meaning, environment variable). */
    public String reference() {
        StringBuilder md = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigNode.Setting s : settings()) {
            md.append("| `").append(s.path()).append("` | ").append(cell(s.type())).append(" | ")
                    .append(s.defaultValue().isEmpty() ? "" : "`" + cell(s.defaultValue()) + "`").append(" | ")
                    .append(cell(s.doc())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
