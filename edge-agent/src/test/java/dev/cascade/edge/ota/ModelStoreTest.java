package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path tmp;

    @Test
    void pointer_roundTrips_andIsReplacedWhole() throws Exception {
        ModelStore s = ModelStore.open(tmp.resolve("ota"));
        Pointer p = new Pointer("2", tmp.resolve("a"), "1", tmp.resolve("b"), true);
        s.point("m", p);
        assertThat(s.pointer("m")).contains(new Pointer("2", tmp.resolve("a").toAbsolutePath(), "1",
                tmp.resolve("b").toAbsolutePath(), true));
        s.point("m", p.confirmed());
        assertThat(s.pointer("m").orElseThrow().watching()).isFalse();
        try (var files = Files.list(tmp.resolve("ota/current"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("m.properties");
        }
    }

    @Test
    void sweep_removesWhatAnInterruptedUpdateLeft_andKeepsWhatThePointerNames() throws Exception {
        ModelStore s = ModelStore.open(tmp.resolve("ota"));
        Path kept = Files.createDirectories(s.installDir("m", "2"));
        Path previous = Files.createDirectories(s.installDir("m", "1"));
        Path orphan = Files.createDirectories(s.installDir("m", "3")); // unpacked, then power lost before the pointer moved
        Path half = Files.createDirectories(tmp.resolve("ota/installed/m/.3.partial-123"));
        Files.writeString(tmp.resolve("ota/current/.m.properties.tmp"), "half a pointer");
        s.point("m", new Pointer("2", kept, "1", previous, false));

        assertThat(s.sweep()).containsExactlyInAnyOrder(orphan, half);

        assertThat(kept).exists();
        assertThat(previous).exists();
        assertThat(orphan).doesNotExist();
        assertThat(half).doesNotExist();
        assertThat(tmp.resolve("ota/current/.m.properties.tmp")).doesNotExist();
    }

    @Test
    void refusal_isRemembered() throws Exception {
        ModelStore s = ModelStore.open(tmp.resolve("ota"));
        s.refuse("m", "4", Reasons.SELF_TEST);
        assertThat(s.refusal("m", "4")).contains(Reasons.SELF_TEST);
        assertThat(s.refusal("m", "5")).isEmpty();
    }

    @Test
    void atStart_runsThePointersVersion_fallsBackWhenItIsDamaged_andNeverUsesAHalfInstalledOne() throws Exception {
        OtaBundles b = new OtaBundles(tmp.resolve("bundles"));
        TrustedKeys trust = TrustedKeys.read(b.trusted);
        ModelBundle v1 = ModelBundle.load(b.v1(), trust);
        ModelStore s = ModelStore.open(tmp.resolve("ota"));
        assertThat(OtaClient.atStart(s, v1, trust).manifest().version()).isEqualTo("1");

        Path v2 = s.installDir(OtaBundles.NAME, "2");
        BundleArchive.unpack(BundleArchive.pack(b.sameModel("2")), v2);
        s.point(OtaBundles.NAME, new Pointer("2", v2, "1", v1.dir(), true));
        assertThat(OtaClient.atStart(s, v1, trust).manifest().version()).isEqualTo("2");

        Files.write(v2.resolve("model.tflite"), new byte[] {1, 2, 3}); // a damaged installed version
        assertThat(OtaClient.atStart(s, v1, trust).manifest().version()).isEqualTo("1");

        Path v3 = s.installDir(OtaBundles.NAME, "3");
        BundleArchive.unpack(BundleArchive.pack(b.sameModel("3")), v3);
        Files.delete(v3.resolve("manifest.sig")); // not signed: refused even though the pointer names it
        s.point(OtaBundles.NAME, new Pointer("3", v3, "1", v1.dir(), false));
        assertThat(OtaClient.atStart(s, v1, trust).manifest().version()).isEqualTo("1");
    }
}
