package dev.cascade.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does for the features infra/k8s uses:
 * resources (files and directories), components, patches (strategic merge, optionally by target, with
 * {@code $patch: delete}), {@code configMapGenerator} from env files and from files ({@code key=path} or {@code path}; no hash suffix) and {@code namespace}.
 * Lists of named items merge by name in built-in kinds and are replaced in custom resources, as in Kustomize.
 * Anything else in a kustomization is refused, so a feature added to the manifests cannot be skipped unseen.
 */
final class Kustomization {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "components", "patches",
            "configMapGenerator", "namespace", "labels");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");
    private static final Set<String> BUILT_IN_GROUPS = Set.of("v1", "apps/v1", "policy/v1");

    private Kustomization() {}

    /** The objects {@code dir}'s kustomization renders to. */
    static List<ObjectNode> render(Path dir) {
        List<ObjectNode> out = new ArrayList<>();
        apply(dir, out);
        return out;
    }

    /** Every YAML document of {@code file} that is a mapping (comment-only documents are skipped). */
    static List<ObjectNode> documents(Path file) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<ObjectNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n instanceof ObjectNode o) {
                    docs.add(o);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void apply(Path dir, List<ObjectNode> into) {
        Path file = dir.resolve("kustomization.yaml");
        ObjectNode k = documents(file).get(0);
        k.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(file + ": field " + f + " is not supported by this renderer");
            }
        });
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                apply(p, into);
            } else {
                into.addAll(documents(p));
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            into.add(generate(dir, (ObjectNode) g));
        }
        for (JsonNode c : k.path("components")) {
            apply(dir.resolve(c.asText()).normalize(), into);
        }
        for (JsonNode p : k.path("patches")) {
            JsonNode target = p.get("target");
            for (ObjectNode patch : documents(dir.resolve(p.path("path").asText()))) {
                patch(into, patch, target, file);
            }
        }
        if (k.hasNonNull("namespace")) {
            for (ObjectNode o : into) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    ((ObjectNode) o.with("metadata")).put("namespace", k.get("namespace").asText());
                }
            }
        }
    }

    private static ObjectNode generate(Path dir, ObjectNode g) {
        ObjectNode cm = YAML.createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata").put("name", g.path("name").asText());
        if (g.hasNonNull("namespace")) {
            meta.put("namespace", g.get("namespace").asText());
        }
        ObjectNode data = cm.putObject("data");
        try {
            for (JsonNode env : g.path("envs")) {
                for (String line : Files.readAllLines(dir.resolve(env.asText()))) {
                    int eq = line.indexOf('=');
                    if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                        data.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
            for (JsonNode f : g.path("files")) {
                String spec = f.asText();
                int eq = spec.indexOf('=');
                Path file = dir.resolve(eq > 0 ? spec.substring(eq + 1) : spec).normalize();
                data.put(eq > 0 ? spec.substring(0, eq) : file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cm;
    }

    private static void patch(List<ObjectNode> objects, ObjectNode patch, JsonNode target, Path from) {
        boolean delete = "delete".equals(patch.path("$patch").asText());
        boolean matched = false;
        for (Iterator<ObjectNode> it = objects.iterator(); it.hasNext(); ) {
            ObjectNode o = it.next();
            if (!matches(o, patch, target)) {
                continue;
            }
            matched = true;
            if (delete) {
                it.remove();
            } else {
                boolean builtIn = BUILT_IN_GROUPS.contains(o.path("apiVersion").asText());
                merge(o, patch, builtIn);
            }
        }
        if (!matched) {
            throw new IllegalArgumentException(from + ": patch of " + patch.path("kind").asText() + " "
                    + patch.path("metadata").path("name").asText() + " matches no resource");
        }
    }

    private static boolean matches(ObjectNode o, ObjectNode patch, JsonNode target) {
        if (target != null) {
            String group = o.path("apiVersion").asText().contains("/") ? o.path("apiVersion").asText().split("/")[0] : "";
            return (!target.has("kind") || target.get("kind").asText().equals(o.path("kind").asText()))
                    && (!target.has("group") || target.get("group").asText().equals(group))
                    && (!target.has("name") || target.get("name").asText().equals(name(o)));
        }
        return patch.path("kind").asText().equals(o.path("kind").asText()) && name(patch).equals(name(o));
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static void merge(ObjectNode into, ObjectNode patch, boolean builtIn) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = into.get(e.getKey());
            JsonNode val = e.getValue();
            if (e.getKey().equals("$patch")) {
                continue;
            }
            if (old instanceof ObjectNode oo && val instanceof ObjectNode vo) {
                merge(oo, vo, builtIn);
            } else if (builtIn && old instanceof ArrayNode oa && val instanceof ArrayNode va && named(oa) && named(va)) {
                mergeByName(oa, va);
            } else {
                into.set(e.getKey(), val.deepCopy());
            }
        }
    }

    private static boolean named(ArrayNode a) {
        for (JsonNode n : a) {
            if (!(n instanceof ObjectNode) || !n.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static void mergeByName(ArrayNode into, ArrayNode patch) {
        for (JsonNode p : patch) {
            ObjectNode same = null;
            for (JsonNode o : into) {
                if (o.get("name").asText().equals(p.get("name").asText())) {
                    same = (ObjectNode) o;
                }
            }
            if (same == null) {
                into.add(p.deepCopy());
            } else {
                merge(same, (ObjectNode) p, true);
            }
        }
    }
}
