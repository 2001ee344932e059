package dev.cascade.edge.ota;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.ota.OtaAnnouncement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One download in progress: {@code staging/<name>@<version>.part} grows chunk by chunk (each forced to the device
 * before the next is asked for), beside the announcement it belongs to, so a restart resumes from the bytes on disk.
 * Not thread-safe; must be closed.
 */
final class Staging implements AutoCloseable {
    private final OtaAnnouncement announcement;
    private final Path part;
    private final Path meta;
    private final FileChannel channel;
    private long offset;
    private final boolean resumed;

    private Staging(OtaAnnouncement announcement, Path part, Path meta, FileChannel channel, long offset) {
        this.announcement = announcement;
        this.part = part;
        this.meta = meta;
        this.channel = channel;
        this.offset = offset;
        this.resumed = offset > 0;
    }

    /**
     * Resumes the staged download of {@code a} if one for the very same archive is on disk, else starts it afresh;
     * staged downloads of other versions are discarded.
     */
    static Staging open(Path dir, OtaAnnouncement a) throws IOException {
        String base = a.model().name() + "@" + a.model().version();
        Path part = dir.resolve(base + ".part");
        Path meta = dir.resolve(base + ".announce");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (!f.equals(base + ".part") && !f.equals(base + ".announce")) {
                    Files.deleteIfExists(p);
                }
            }
        }
        boolean same = false;
        if (Files.isRegularFile(meta) && Files.isRegularFile(part)) {
            Decoded<OtaAnnouncement> d = Codecs.otaAnnouncement().decode(Files.readAllBytes(meta));
            same = d instanceof Decoded.Accepted<OtaAnnouncement> ok && ok.get().sha256().equals(a.sha256())
                    && ok.get().size() == a.size();
        }
        if (!same) {
            Files.deleteIfExists(part);
            ModelStore.writeAtomically(meta, Codecs.otaAnnouncement().encode(a));
        }
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = ch.size();
        if (size > a.size()) {
            ch.truncate(0);
            size = 0;
        }
        return new Staging(a, part, meta, ch, size);
    }

    OtaAnnouncement announcement() {
        return announcement;
    }

    /** Bytes staged so far (where the next request starts). */
    long offset() {
        return offset;
    }

    /**
     * Whether this download went on from bytes staged before a restart. After a power loss those may end in bytes that
     * were never forced (zeros, as ext4 can leave them, or a torn chunk), which only the archive's hash shows.
     */
    boolean resumed() {
        return resumed;
    }

    boolean complete() {
        return offset == announcement.size();
    }

    /** Appends {@code data} if it starts at the staged offset, forced to the device; false if it does not fit there. */
    boolean append(long at, byte[] data) throws IOException {
        if (at != offset || offset + data.length > announcement.size()) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long pos = offset;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        channel.force(false);
        offset = pos;
        return true;
    }

    /** The whole archive (once complete). */
    byte[] bytes() throws IOException {
        byte[] out = Files.readAllBytes(part);
        return out.length == announcement.size() ? out : Arrays.copyOf(out, (int) announcement.size());
    }

    /** Closes and deletes the staged files. */
    void discard() throws IOException {
        close();
        Files.deleteIfExists(part);
        Files.deleteIfExists(meta);
    }

    static Optional<Long> stagedBytes(Path dir, String name, String version) {
        Path p = dir.resolve(name + "@" + version + ".part");
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.size(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
