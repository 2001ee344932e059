package dev.cascade.model.bundle;

import dev.cascade.checks.Checks;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bundle folder as one byte string, the form a bundle travels in over the air: the magic {@code CASCADE-BUNDLE-1},
 * then per file a 2-byte name length, the UTF-8 name, a 4-byte size and the bytes (big-endian), files in name order,
 * so the same bundle always packs to the same bytes. Unpacking accepts only plain file names (no folders), each
 * once, and writes the folder whole or not at all.
 */
public final class BundleArchive {
    private static final byte[] MAGIC = "CASCADE-BUNDLE-1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_FILES = 16;

    private BundleArchive() {}

    /** Packs the files of bundle folder {@code dir} (the manifest, its signature if any, the model, the self-test). */
    public static byte[] pack(Path dir) throws IOException {
        Checks.notNull(dir, "dir");
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted().forEach(files::add);
        }
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw new IOException(dir + ": a bundle folder must hold 1-" + MAX_FILES + " files, holds " + files.size());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.write(MAGIC);
            out.writeShort(files.size());
            for (Path f : files) {
                byte[] name = f.getFileName().toString().getBytes(StandardCharsets.UTF_8);
                byte[] bytes = Files.readAllBytes(f);
                out.writeShort(name.length);
                out.write(name);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        return buf.toByteArray();
    }

    /**
     * Writes the files of {@code archive} into a new folder {@code dir} (which must not exist), each forced to the
     * device; the folder appears whole (renamed into place) or not at all.
     *
     * @throws IOException naming what is wrong with the archive, or the write that failed
     */
    public static void unpack(byte[] archive, Path dir) throws IOException {
        Checks.notNull(archive, "archive");
        Checks.notNull(dir, "dir");
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "bundle folder already exists");
        }
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(archive);
        if (archive.length < MAGIC.length + 2 || !ByteBuffer.wrap(archive, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new IOException("archive must start with CASCADE-BUNDLE-1, was not a bundle archive");
        }
        b.position(MAGIC.length);
        int count = Short.toUnsignedInt(b.getShort());
        if (count < 1 || count > MAX_FILES) {
            throw new IOException("archive must hold 1-" + MAX_FILES + " files, was " + count);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (b.remaining() < 2) {
                throw new IOException("archive entry " + i + " must have a name, was truncated");
            }
            int nameLength = Short.toUnsignedInt(b.getShort());
            if (nameLength > b.remaining()) {
                throw new IOException("archive entry " + i + " name must fit in the archive, was truncated");
            }
            byte[] nameBytes = new byte[nameLength];
            b.get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            if (!NAME.matcher(name).matches() || !seen.add(name)) {
                throw new IOException("archive entry " + i + " name must be a new plain file name, was " + Checks.quote(name));
            }
            if (b.remaining() < 4) {
                throw new IOException("archive entry " + name + " must have a size, was truncated");
            }
            int size = b.getInt();
            if (size < 0 || size > b.remaining()) {
                throw new IOException("archive entry " + name + " size must fit in the archive (" + b.remaining()
                        + " bytes left), was " + size);
            }
            byte[] content = new byte[size];
            b.get(content);
            names.add(name);
            contents.add(content);
        }
        if (b.hasRemaining()) {
            throw new IOException("archive must end after its " + count + " files, has " + b.remaining() + " bytes more");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            for (int i = 0; i < names.size(); i++) {
                try (FileChannel ch = FileChannel.open(tmp.resolve(names.get(i)), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer data = ByteBuffer.wrap(contents.get(i));
                    while (data.hasRemaining()) {
                        ch.write(data);
                    }
                    ch.force(true);
                }
            }
            ModelBundle.moveAtomically(tmp, dir);
        } catch (IOException | RuntimeException e) {
            ModelBundle.deleteTree(tmp);
            throw e;
        }
    }
}
