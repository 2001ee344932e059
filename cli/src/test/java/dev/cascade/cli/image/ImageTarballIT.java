package dev.cascade.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The role images Jib builds under {@code -Pimages} (target/jib/cascade-ROLE.tar), read as the tarballs they are:
 * the image index, manifest and config JSON, and the files of each layer. Runs only in that profile, which sets
 * {@code cascade.images.dir}.
 */
@EnabledIfSystemProperty(named = "cascade.images.dir", matches = ".+")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImageTarballIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The roles' images share their big layers (base, dependencies): list each digest's files once. */
    private static final Map<String, Set<String>> FILES_BY_DIGEST = new java.util.concurrent.ConcurrentHashMap<>();

    @ParameterizedTest
    @CsvSource({"edge,9401", "ingest,9402", "infer,9403", "actuate,9404", "dashboard,9405"})
    void roleImage_runsTheCascadeCommandAsANonRootUserOnItsOpsPort(String role, int port) throws IOException {
        Image image = Image.read(Path.of(System.getProperty("cascade.images.dir"), "cascade-" + role
                + System.getProperty("cascade.images.suffix", "") + ".tar"));
        JsonNode c = image.config().path("config");

        assertThat(image.config().path("os").asText()).isEqualTo("linux");
        String arch = System.getProperty("cascade.images.arch", "amd64");
        assertThat(image.config().path("architecture").asText()).isEqualTo(arch);
        assertThat(strings(c.path("Entrypoint"))).startsWith("java").contains("-Dcascade.home=/opt/cascade", "-cp")
                .endsWith("dev.cascade.cli.Cascade");
        assertThat(strings(c.path("Cmd"))).containsExactly(role, "--config", "/etc/cascade/" + role + ".yaml");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(fieldNames(c.path("ExposedPorts"))).containsExactly(port + "/tcp");
        assertThat(c.path("Labels").path("dev.cascade.role").asText()).isEqualTo(role);
        assertThat(strings(c.path("Env"))).contains("JAVA_HOME=/opt/java", "CASCADE_LOG_FORMAT=json");

        List<Set<String>> layers = image.layerFiles();
        assertThat(layers).hasSize(image.config().path("rootfs").path("diff_ids").size()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(layers.get(0)).as("base layer").contains("opt/java/bin/java", "etc/passwd");
        assertThat(layers).anySatisfy(l -> assertThat(l).anyMatch(f -> f.matches("app/libs/kafka-clients-.*\\.jar")));
        assertThat(layers).anySatisfy(l -> assertThat(l).contains("app/classes/dev/cascade/cli/Cascade.class"));
        assertThat(layers).anySatisfy(l -> assertThat(l).anyMatch(f -> f.startsWith("opt/cascade/models/default/")));
        assertThat(layers).noneSatisfy(l -> assertThat(l).anyMatch(f -> f.endsWith(".key") || f.endsWith(".p12")));
        // The natives of both architectures travel in every image: TFLite and JavaCPP per platform, ONNX Runtime in one jar.
        for (String jar : List.of("tensorflow-lite-.*-linux-x86_64\\.jar", "tensorflow-lite-.*-linux-arm64\\.jar",
                "javacpp-.*-linux-x86_64\\.jar", "javacpp-.*-linux-arm64\\.jar", "onnxruntime-.*\\.jar")) {
            assertThat(layers).as(jar).anySatisfy(l -> assertThat(l).anyMatch(f -> f.matches("app/libs/" + jar)));
        }
        assertThat(image.elfMachineOf(0, "opt/java/bin/java")).as("the base's java runs on " + arch)
                .isEqualTo(arch.equals("arm64") ? ELF_AARCH64 : ELF_X86_64);
    }

    private static final int ELF_X86_64 = 0x3e;
    private static final int ELF_AARCH64 = 0xb7;

    /** An image tarball: OCI image layout (index.json, blobs/sha256/...) or Docker's (manifest.json). */
    record Image(JsonNode config, List<byte[]> layers, List<String> digests) {
        static Image read(Path tar) throws IOException {
            Map<String, byte[]> files;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
                files = TarArchive.read(in, name -> true);
            }
            List<byte[]> layers = new ArrayList<>();
            List<String> digests = new ArrayList<>();
            if (files.containsKey("index.json")) {
                JsonNode index = JSON.readTree(files.get("index.json"));
                JsonNode manifest = JSON.readTree(blob(files, index.path("manifests").get(0).path("digest").asText()));
                assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
                for (JsonNode l : manifest.path("layers")) {
                    layers.add(blob(files, l.path("digest").asText()));
                    digests.add(l.path("digest").asText());
                }
                return new Image(JSON.readTree(blob(files, manifest.path("config").path("digest").asText())), layers, digests);
            }
            JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
            for (JsonNode l : manifest.path("Layers")) {
                layers.add(files.get(l.asText()));
                digests.add(tar + "!" + l.asText());
            }
            return new Image(JSON.readTree(files.get(manifest.path("Config").asText())), layers, digests);
        }

        private static byte[] blob(Map<String, byte[]> files, String digest) {
            byte[] b = files.get("blobs/" + digest.replace(':', '/'));
            assertThat(b).as("blob " + digest).isNotNull();
            return b;
        }

        /** The ELF machine (e_machine) of the executable {@code path} in layer {@code index}. */
        int elfMachineOf(int index, String path) throws IOException {
            byte[] l = layers.get(index);
            InputStream raw = new java.io.ByteArrayInputStream(l);
            InputStream in = l.length > 2 && (l[0] & 0xff) == 0x1f && (l[1] & 0xff) == 0x8b ? new GZIPInputStream(raw, 65536) : raw;
            byte[] elf = TarArchive.read(in, path::equals).get(path);
            assertThat(elf).as(path).isNotNull().hasSizeGreaterThan(20);
            assertThat(new String(elf, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).as(path + " is ELF").isEqualTo("ELF");
            return (elf[18] & 0xff) | (elf[19] & 0xff) << 8;
        }

        List<Set<String>> layerFiles() throws IOException {
            List<Set<String>> out = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Set<String> known = FILES_BY_DIGEST.get(digests.get(i));
                if (known == null) {
                    byte[] l = layers.get(i);
                    InputStream raw = new java.io.ByteArrayInputStream(l);
                    InputStream in = l.length > 2 && (l[0] & 0xff) == 0x1f && (l[1] & 0xff) == 0x8b ? new GZIPInputStream(raw, 65536) : raw;
                    known = TarArchive.read(in, name -> false).keySet();
                    FILES_BY_DIGEST.put(digests.get(i), known);
                }
                out.add(known);
            }
            return out;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
