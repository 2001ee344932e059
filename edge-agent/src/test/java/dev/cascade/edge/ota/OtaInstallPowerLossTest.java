package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.Sha256;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.ota.OtaAnnouncement;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut after each file step of an over-the-air install, simulated on the real update folder: the steps are
 * those of {@link OtaClient} (staging the chunks, unpacking file by file into a partial folder renamed into place,
 * the pointer written aside and renamed, the staged download discarded, the pointer confirmed), the folder copied
 * after each, and the file being written when the power went cut short (it was not forced yet). Each state is
 * started from as the agent starts: the model it picks loads, verifies and passes its self-test, and it is the new
 * version exactly when the pointer's rename had happened.
 */
class OtaInstallPowerLossTest {
    @TempDir
    Path tmp;

    private record Crash(String after, Path state, String runs) {}

    private final List<Crash> crashes = new ArrayList<>();
    private Path live;

    private void crashHere(String after, String runs) throws IOException {
        Path snap = tmp.resolve("crash-" + crashes.size());
        copyTree(live, snap);
        crashes.add(new Crash(after, snap, runs));
    }

    /** The state at the crash, with {@code file} (relative to the update folder) cut to {@code length} bytes. */
    private void crashWithTorn(String after, Path file, long length, String runs) throws IOException {
        crashHere(after, runs);
        Path f = crashes.get(crashes.size() - 1).state().resolve(live.relativize(file).toString());
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(length);
        }
    }

    @Test
    void powerCut_afterEachStepOfAnInstall_leavesAnAgentThatStartsAWorkingModel() throws Exception {
        OtaBundles b = new OtaBundles(tmp.resolve("bundles"));
        TrustedKeys trust = TrustedKeys.read(b.trusted);
        ModelBundle v1 = ModelBundle.load(b.v1(), trust);
        byte[] archive = BundleArchive.pack(b.sameModel("2"));
        ModelRef ref2 = new ModelRef(OtaBundles.NAME, "2");
        OtaAnnouncement a = new OtaAnnouncement(ref2, archive.length, Sha256.hex(archive), Instant.now());
        live = tmp.resolve("live/ota");
        ModelStore store = ModelStore.open(live);

        // 1. Staging, chunk by chunk (each forced before the next is asked for); the one in flight is torn.
        Staging staging = Staging.open(store.staging(), a);
        Path part = store.staging().resolve(OtaBundles.NAME + "@2.part");
        int chunk = 4096;
        for (int at = 0; at < archive.length; at += chunk) {
            byte[] data = Arrays.copyOfRange(archive, at, Math.min(archive.length, at + chunk));
            assertThat(staging.append(at, data)).isTrue();
            if (at == chunk) {
                crashWithTorn("chunk 2 staged, chunk 3 torn", part, at + data.length + 100, "1");
            }
        }
        crashHere("every chunk staged", "1");

        // 2. Unpacking: each file written and forced into a partial folder, then the folder renamed into place.
        Path scratch = tmp.resolve("scratch/2");
        BundleArchive.unpack(staging.bytes(), scratch);
        List<Path> files;
        try (Stream<Path> s = Files.list(scratch)) {
            files = s.sorted().toList();
        }
        Path partial = Files.createDirectories(live.resolve("installed/" + OtaBundles.NAME + "/.2.partial-1"));
        for (Path f : files) {
            Path to = partial.resolve(f.getFileName().toString());
            Files.copy(f, to);
            crashWithTorn("unpacking " + f.getFileName() + ", not yet forced", to, Files.size(f) / 2, "1");
            crashHere(f.getFileName() + " unpacked", "1");
        }
        ModelStore.deleteTree(partial);
        Path dir2 = store.installDir(OtaBundles.NAME, "2");
        BundleArchive.unpack(staging.bytes(), dir2);
        crashHere("the bundle folder renamed into place, the pointer not moved", "1");

        // 3. The pointer: written aside and forced, then renamed over the old one.
        Pointer p = new Pointer("2", dir2, "1", v1.dir(), true);
        ModelStore aside = ModelStore.open(tmp.resolve("aside"));
        aside.point(OtaBundles.NAME, p);
        byte[] pointerBytes = Files.readAllBytes(tmp.resolve("aside/current/" + OtaBundles.NAME + ".properties"));
        Path tmpPointer = live.resolve("current/." + OtaBundles.NAME + ".properties.tmp");
        Files.write(tmpPointer, pointerBytes);
        crashWithTorn("the new pointer written aside, not yet forced", tmpPointer, pointerBytes.length / 2, "1");
        crashHere("the new pointer forced aside, not renamed", "1");
        Files.delete(tmpPointer);
        store.point(OtaBundles.NAME, p);
        crashHere("the pointer renamed", "2");

        // 4. The staged download discarded; after the watch, the pointer confirmed (same write-aside-and-rename).
        staging.discard();
        crashHere("the staged download discarded", "2");
        Files.write(tmpPointer, pointerBytes);
        crashWithTorn("the confirmed pointer written aside, not yet forced", tmpPointer, 10, "2");
        Files.delete(tmpPointer);
        store.point(OtaBundles.NAME, p.confirmed());
        crashHere("the pointer confirmed", "2");

        assertThat(crashes).hasSizeGreaterThan(10);
        java.util.Set<Path> vettedOutside = new java.util.HashSet<>();
        for (Crash c : crashes) {
            deleteTree(live);
            copyTree(c.state(), live);
            ModelStore s = ModelStore.open(live);
            ModelBundle runs = OtaClient.atStart(s, v1, trust);
            assertThat(runs.manifest().version()).as("power cut after: " + c.after()).isEqualTo(c.runs());
            ModelRef ref = new ModelRef(runs.manifest().name(), runs.manifest().version());
            // The configured bundle lies outside the update folder, untouched by any crash: its self-test runs once.
            if (runs.dir().startsWith(live) || vettedOutside.add(runs.dir())) {
                Vetting.Outcome o = Vetting.vet(runs.dir(), ref, trust, Optional.empty());
                assertThat(o.reason()).as("power cut after: " + c.after() + ": the model it starts loads and passes"
                        + " its self-test").isEmpty();
            }
            // The update thread tidies at start; the version that runs stays, and still starts after that.
            s.sweep();
            assertThat(OtaClient.atStart(s, v1, trust).manifest().version()).as("after sweep, " + c.after())
                    .isEqualTo(c.runs());
            assertThat(Files.exists(partial)).as("partial folder swept, " + c.after()).isFalse();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
