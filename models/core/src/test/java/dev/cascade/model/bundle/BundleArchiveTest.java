package dev.cascade.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.selftest.ReferenceWindow;
import dev.cascade.model.selftest.SelfTest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiveTest {
    @TempDir
    Path tmp;

    private static final SelfTest SELF_TEST = new SelfTest(0.001, 0.01,
            List.of(ReferenceWindow.of("normal_0", 1, new float[] {0.5f, -1.25f, 3f, 0f}, 0.125)));

    private Path bundle() throws IOException {
        Path dir = tmp.resolve("in/1");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL, SELF_TEST);
        SigningKey.generate().signBundle(dir);
        return dir;
    }

    @Test
    void pack_thenUnpack_givesTheSameFiles_andTheSameBytesEveryTime() throws Exception {
        Path dir = bundle();
        byte[] archive = BundleArchive.pack(dir);

        BundleArchive.unpack(archive, tmp.resolve("out/1"));

        for (String f : List.of("manifest.json", "manifest.sig", "model.tflite", SelfTest.FILE)) {
            assertThat(Files.readAllBytes(tmp.resolve("out/1").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve(f)));
        }
        assertThat(BundleArchive.pack(tmp.resolve("out/1"))).isEqualTo(archive);
        ModelBundle back = ModelBundle.load(tmp.resolve("out/1"));
        assertThat(back.selfTest()).contains(SELF_TEST);
        assertThat(back.selfTest().get().windows().get(0).values()).containsExactly(0.5f, -1.25f, 3f, 0f);
    }

    @Test
    void unpack_ofAnEntryNamedOutsideTheFolder_isRefused_andWritesNothing() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.write("CASCADE-BUNDLE-1".getBytes(StandardCharsets.US_ASCII));
            out.writeShort(1);
            byte[] name = "../evil".getBytes(StandardCharsets.UTF_8);
            out.writeShort(name.length);
            out.write(name);
            out.writeInt(1);
            out.write(7);
        }
        assertThatThrownBy(() -> BundleArchive.unpack(buf.toByteArray(), tmp.resolve("out")))
                .hasMessage("archive entry 0 name must be a new plain file name, was \"../evil\"");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void unpack_ofATruncatedArchive_isRefusedNamingTheEntry() throws Exception {
        byte[] archive = BundleArchive.pack(bundle());
        byte[] cut = Arrays.copyOf(archive, archive.length - 10);
        assertThatThrownBy(() -> BundleArchive.unpack(cut, tmp.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("archive entry selftest.json size must fit in the archive");
        assertThat(Files.exists(tmp.resolve("out"))).isFalse();
    }

    @Test
    void load_ofABundleWhoseSelfTestChanged_isRefusedNamingTheFile() throws Exception {
        Path dir = bundle();
        Files.writeString(dir.resolve(SelfTest.FILE), Files.readString(dir.resolve(SelfTest.FILE)).replace("0.125", "0.5"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(ModelBundleException.class)
                .hasMessageContaining(SelfTest.FILE)
                .hasMessageContaining("but manifest.json says " + ModelBundle.load(bundleCopy()).manifest().selfTest().sha256());
    }

    private Path bundleCopy() throws IOException {
        Path dir = tmp.resolve("copy/1");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL, SELF_TEST);
        return dir;
    }
}
