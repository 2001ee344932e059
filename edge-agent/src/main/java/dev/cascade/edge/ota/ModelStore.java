package dev.cascade.edge.ota;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The agent's update folder on disk: {@code installed/<name>/<version>/} (bundle folders, each renamed into place
 * whole), {@code current/<name>.properties} (the pointer, replaced by an atomic rename after its bytes are forced to
 * the device), {@code staging/} (downloads in progress) and {@code refused/} (versions not to try again). A power
 * loss at any point leaves either the old or the new pointer, each naming a whole bundle folder. Not thread-safe
 * (one update thread uses it).
 */
public final class ModelStore {
    private final Path root;
    private final Path installed;
    private final Path current;
    private final Path staging;
    private final Path refused;

    private ModelStore(Path root) {
        this.root = root;
        this.installed = root.resolve("installed");
        this.current = root.resolve("current");
        this.staging = root.resolve("staging");
        this.refused = root.resolve("refused");
    }

    /** Opens (creating) the folder. */
    public static ModelStore open(Path root) throws IOException {
        ModelStore s = new ModelStore(root.toAbsolutePath());
        for (Path p : List.of(s.installed, s.current, s.staging, s.refused)) {
            Files.createDirectories(p);
        }
        return s;
    }

    public Path root() {
        return root;
    }

    /** The staging folder (downloads in progress). */
    public Path staging() {
        return staging;
    }

    /** Where version {@code version} of {@code name} is (or would be) installed. */
    public Path installDir(String name, String version) {
        return installed.resolve(name).resolve(version);
    }

    /** The pointer of model {@code name}, or empty if no update was ever installed (or the pointer is unreadable). */
    public Optional<Pointer> pointer(String name) {
        Path f = current.resolve(name + ".properties");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
            String v = p.getProperty("version");
            String d = p.getProperty("dir");
            String pv = p.getProperty("previous.version");
            String pd = p.getProperty("previous.dir");
            if (v == null || d == null || pv == null || pd == null) {
                return Optional.empty();
            }
            return Optional.of(new Pointer(v, Path.of(d), pv, Path.of(pd), Boolean.parseBoolean(p.getProperty("watching"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Replaces the pointer of {@code name} atomically (written aside, forced, renamed, the folder forced). */
    public void point(String name, Pointer p) throws IOException {
        Properties props = new Properties();
        props.setProperty("version", p.version());
        props.setProperty("dir", p.dir().toAbsolutePath().toString());
        props.setProperty("previous.version", p.previousVersion());
        props.setProperty("previous.dir", p.previousDir().toAbsolutePath().toString());
        props.setProperty("watching", Boolean.toString(p.watching()));
        StringWriter w = new StringWriter();
        props.store(w, "the model version this agent runs (written by the OTA update; do not edit while it runs)");
        writeAtomically(current.resolve(name + ".properties"), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets the pointer of {@code name}: the configured bundle runs again. */
    public void clearPointer(String name) throws IOException {
        Files.deleteIfExists(current.resolve(name + ".properties"));
        forceDir(current);
    }

    /** Remembers that {@code name@version} was refused or rolled back, so a retained announcement does not loop. */
    public void refuse(String name, String version, String reason) throws IOException {
        writeAtomically(refused.resolve(name + "@" + version), reason.getBytes(StandardCharsets.UTF_8));
    }

    /** Why {@code name@version} was refused before, or empty. */
    public Optional<String> refusal(String name, String version) {
        Path f = refused.resolve(name + "@" + version);
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("unreadable refusal record");
        }
    }

    /**
     * Removes what an interrupted update left: half-written folders and installed versions no pointer names
     * (a crash after unpacking, before the pointer moved). Staged downloads stay, to be resumed.
     */
    public List<Path> sweep() throws IOException {
        Set<Path> keep = new HashSet<>();
        try (Stream<Path> s = Files.list(current)) {
            for (Path f : s.toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".properties")) {
                    pointer(file.substring(0, file.length() - ".properties".length())).ifPresent(p -> {
                        keep.add(p.dir().toAbsolutePath().normalize());
                        keep.add(p.previousDir().toAbsolutePath().normalize());
                    });
                } else {
                    deleteTree(f);
                }
            }
        }
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> names = Files.list(installed)) {
            for (Path n : names.toList()) {
                if (!Files.isDirectory(n)) {
                    continue;
                }
                try (Stream<Path> versions = Files.list(n)) {
                    for (Path v : versions.toList()) {
                        if (!keep.contains(v.toAbsolutePath().normalize())) {
                            deleteTree(v);
                            removed.add(v);
                        }
                    }
                }
            }
        }
        return removed;
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDir(file.getParent());
    }

    static void forceDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system lets a folder be forced; the rename itself is still atomic.
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
