package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where {@code kubectl} is installed, renders each kustomization with the real Kustomize too and checks that
 * the test's renderer gives the same objects (by kind and name) with the same containers' images, env names,
 * resources and the same custom resources' specs. Skipped (not failed) where kubectl is absent.
 */
class KustomizationCrossCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/gpu", "overlays/external-kafka"})
    @Timeout(60)
    void ownRenderer_agreesWithKubectlKustomize(String dir) throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not installed here");

        Map<String, String> real = summary(kubectl(kubectl, ManifestsTest.K8S.resolve(dir)));
        Map<String, String> own = summary(Kustomization.render(ManifestsTest.K8S.resolve(dir)));

        assertThat(own).isEqualTo(real);
    }

    private static List<ObjectNode> kubectl(Path kubectl, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(50, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            assertThat(p.exitValue()).as("kubectl kustomize exit status").isZero();
            List<ObjectNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = Kustomization.YAML.readerFor(JsonNode.class)
                    .readValues(Files.readString(out, StandardCharsets.UTF_8))) {
                while (it.hasNext()) {
                    if (it.next() instanceof ObjectNode o) {
                        docs.add(o);
                    }
                }
            }
            return docs;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** kind/name (generated ConfigMaps without their hash suffix) to what the checks rely on. */
    private static Map<String, String> summary(List<ObjectNode> objects) {
        Map<String, String> s = new TreeMap<>();
        for (ObjectNode o : objects) {
            String kind = o.path("kind").asText();
            String name = Kustomization.name(o).replaceAll("-[a-z0-9]{10}$", "");
            StringBuilder b = new StringBuilder(o.path("metadata").path("namespace").asText());
            for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                b.append(" | ").append(c.path("image").asText()).append(' ').append(canonical(c.path("resources")));
                b.append(' ').append(sorted(c.path("env"), "name")).append(' ').append(sorted(c.path("volumeMounts"), "mountPath"));
            }
            if (!o.path("apiVersion").asText().matches("v1|apps/v1|policy/v1")) {
                b.append(' ').append(canonical(o.path("spec")));
            }
            if (kind.equals("ConfigMap")) {
                b.append(' ').append(canonical(o.path("data")));
            }
            s.put(kind + "/" + name, b.toString());
        }
        return s;
    }

    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static String canonical(JsonNode n) {
        try {
            return SORTED.writeValueAsString(SORTED.treeToValue(n, Object.class));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> sorted(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path(field).asText()));
        out.sort(null);
        return out;
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
