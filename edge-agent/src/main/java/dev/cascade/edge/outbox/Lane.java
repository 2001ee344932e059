package dev.cascade.edge.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append-only queue of records in segment files ({@code <first seq>.seg}) with a cursor file holding the
 * last sequence number done (acknowledged or dropped). A segment is deleted once every record in it is done.
 * Not thread-safe (the {@link Outbox} serialises calls); must be closed.
 */
final class Lane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    private static final String SUFFIX = ".seg";

    /** One segment file. */
    private static final class Segment {
        final long base;
        final Path path;
        long size;
        long lastSeq = -1;
        FileChannel channel;

        Segment(long base, Path path, long size) {
            this.base = base;
            this.path = path;
            this.size = size;
        }
    }

    /** A record handed out by {@link #next}, not yet done, and where it starts. */
    private record Entry(long seq, Segment segment, long position) {}

    /** A record read at a position, and where the next one starts. */
    private record Read(OutboxItem item, long next) {}

    private final Path dir;
    private final int segmentBytes;
    private final FsyncPolicy fsync;
    private final Storage storage;
    private final List<Segment> segments = new ArrayList<>();
    private final ArrayDeque<Entry> outstanding = new ArrayDeque<>();
    private final Set<Long> doneAhead = new HashSet<>();
    private final FileChannel cursor;
    private volatile Segment active;
    private Segment readSegment;
    private long readPosition;
    private long ackedThrough = -1;
    private long nextSeq;
    private long liveBytes;
    private long liveItems;
    private volatile boolean dirty;

    Lane(Path dir, int segmentBytes, FsyncPolicy fsync, Storage storage, Recovery found) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.storage = storage;
        Files.createDirectories(dir);
        this.cursor = storage.open(dir.resolve("cursor"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        try {
            recover(found);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void recover(Recovery found) throws IOException {
        ackedThrough = readCursor(found);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        files.sort(Comparator.comparingLong(Lane::base));
        long maxSeq = ackedThrough;
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            Segment s = new Segment(base(p), p, Files.size(p));
            segments.add(s);
            scan(s, i == files.size() - 1, found);
            maxSeq = Math.max(maxSeq, Math.max(s.lastSeq, s.base - 1));
        }
        nextSeq = maxSeq + 1;
        if (!segments.isEmpty()) {
            active = segments.get(segments.size() - 1);
            channel(active);
            readSegment = segments.get(0);
            readPosition = 0;
        }
        deleteDoneSegments();
    }

    private static long base(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Reads a segment through, counting what is live and what is damaged; cuts a torn tail off the last one. */
    private void scan(Segment s, boolean last, Recovery found) throws IOException {
        long pos = 0;
        while (pos < s.size) {
            Read r = readAt(s, pos);
            if (r != null) {
                s.lastSeq = r.item().seq();
                if (r.item().seq() > ackedThrough) {
                    liveBytes += r.item().storedBytes();
                    liveItems++;
                }
                pos = r.next();
                continue;
            }
            long valid = resync(s, pos + 1);
            if (valid < 0 && last) {
                log.warn("outbox {}: dropping a torn last record at offset {} of {} ({} bytes)", dir.getFileName(), pos,
                        s.path.getFileName(), s.size - pos);
                found.tornTails++;
                channel(s).truncate(pos);
                channel(s).force(true);
                s.size = pos;
                return;
            }
            long skipped = (valid < 0 ? s.size : valid) - pos;
            log.warn("outbox {}: skipping {} corrupted bytes at offset {} of {}", dir.getFileName(), skipped, pos,
                    s.path.getFileName());
            found.corruptRegions++;
            found.corruptBytes += skipped;
            if (valid < 0) {
                return;
            }
            pos = valid;
        }
    }

    private long readCursor(Recovery found) throws IOException {
        if (cursor.size() == 0) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && cursor.read(b, b.position()) > 0) {
            // read on
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        if (b.position() < 12 || (int) crc.getValue() != b.getInt(8)) {
            log.warn("outbox {}: the cursor file is damaged; everything held is sent again (duplicates are dedupable)",
                    dir.getFileName());
            found.cursorLost = true;
            return -1;
        }
        return b.getLong(0);
    }

    private void writeCursor() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(ackedThrough);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue());
        b.flip();
        while (b.hasRemaining()) {
            cursor.write(b, b.position());
        }
        if (fsync.mode() == FsyncPolicy.Mode.ALWAYS) {
            cursor.force(false);
        } else {
            dirty = true;
        }
    }

    /** Appends one record; returns the bytes it takes. On failure nothing is appended. */
    int append(ItemClass c, int kind, String id, long atMicros, byte[] payload) throws IOException {
        ByteBuffer f = Frame.encode(nextSeq, c, kind, id, atMicros, payload);
        int len = f.remaining();
        if (active == null || (active.size > 0 && active.size + len > segmentBytes)) {
            roll();
        }
        long pos = active.size;
        FileChannel ch = channel(active);
        try {
            while (f.hasRemaining()) {
                ch.write(f, pos + f.position());
            }
        } catch (IOException e) {
            try {
                ch.truncate(pos);
            } catch (IOException ignored) {
                // the next append overwrites whatever part was written
            }
            throw e;
        }
        if (fsync.mode() == FsyncPolicy.Mode.ALWAYS) {
            ch.force(false);
        } else {
            dirty = true;
        }
        active.size = pos + len;
        active.lastSeq = nextSeq++;
        liveBytes += len;
        liveItems++;
        if (readSegment == null) {
            readSegment = active;
            readPosition = pos;
        }
        return len;
    }

    private void roll() throws IOException {
        Segment s = new Segment(nextSeq, dir.resolve(String.format("%020d%s", nextSeq, SUFFIX)), 0);
        s.channel = storage.open(s.path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        if (active != null && fsync.mode() != FsyncPolicy.Mode.NEVER) {
            channel(active).force(false);
        }
        segments.add(s);
        active = s;
        if (readSegment == null) {
            readSegment = s;
            readPosition = 0;
        }
    }

    /** The oldest record not yet handed out, or null when every record has been. */
    OutboxItem next() throws IOException {
        while (readSegment != null) {
            if (readPosition >= readSegment.size) {
                int i = segments.indexOf(readSegment);
                if (i < 0 || i + 1 >= segments.size()) {
                    return null;
                }
                readSegment = segments.get(i + 1);
                readPosition = 0;
                continue;
            }
            long at = readPosition;
            Read r = readAt(readSegment, at);
            if (r == null) {
                long valid = resync(readSegment, at + 1);
                readPosition = valid < 0 ? readSegment.size : valid;
                continue;
            }
            readPosition = r.next();
            long seq = r.item().seq();
            if (seq <= ackedThrough) {
                continue;
            }
            if (doneAhead.contains(seq)) {
                if (outstanding.isEmpty()) {
                    doneAhead.remove(seq);
                    ackedThrough = seq;
                    writeCursor();
                }
                continue;
            }
            outstanding.addLast(new Entry(seq, readSegment, at));
            return r.item();
        }
        return null;
    }

    /** Marks a record done (the broker has it, or it was dropped); moves the cursor over what is done in order. */
    void done(OutboxItem item) throws IOException {
        long seq = item.seq();
        if (seq <= ackedThrough || !doneAhead.add(seq)) {
            return;
        }
        liveBytes -= item.storedBytes();
        liveItems--;
        long before = ackedThrough;
        while (!outstanding.isEmpty() && doneAhead.contains(outstanding.peekFirst().seq())) {
            long s = outstanding.pollFirst().seq();
            doneAhead.remove(s);
            ackedThrough = s;
        }
        if (ackedThrough != before) {
            writeCursor();
            deleteDoneSegments();
        }
    }

    /** Hands out the oldest record not handed out yet, already marked done; null when there is none. */
    OutboxItem dropOldest() throws IOException {
        OutboxItem item = next();
        if (item != null) {
            done(item);
        }
        return item;
    }

    /** Forgets what was handed out and not done: {@link #next} starts again from the oldest such record. */
    void rewind() {
        Entry first = outstanding.peekFirst();
        if (first != null) {
            readSegment = first.segment();
            readPosition = first.position();
        }
        outstanding.clear();
    }

    private void deleteDoneSegments() throws IOException {
        while (!segments.isEmpty()) {
            Segment s = segments.get(0);
            if (s == active || s.lastSeq > ackedThrough || !outstandingBefore(s)) {
                return;
            }
            if (readSegment == s) {
                readSegment = segments.get(1);
                readPosition = 0;
            }
            segments.remove(0);
            if (s.channel != null) {
                s.channel.close();
            }
            Files.deleteIfExists(s.path);
        }
    }

    /** Whether nothing handed out from {@code s} is still outstanding. */
    private boolean outstandingBefore(Segment s) {
        for (Entry e : outstanding) {
            if (e.segment() == s) {
                return false;
            }
        }
        return true;
    }

    private Read readAt(Segment s, long pos) throws IOException {
        if (pos + Frame.HEADER > s.size) {
            return null;
        }
        FileChannel ch = channel(s);
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        readFully(ch, header, pos);
        int len = Frame.bodyLength(header);
        if (len < 0 || pos + Frame.HEADER + len > s.size) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(ch, body, pos + Frame.HEADER);
        OutboxItem item = Frame.decode(header, body.array());
        return item == null ? null : new Read(item, pos + Frame.HEADER + len);
    }

    /** The first offset at or after {@code from} where a valid record starts, or -1. */
    private long resync(Segment s, long from) throws IOException {
        FileChannel ch = channel(s);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long base = from; base < s.size; base += chunk.capacity() - 1) {
            chunk.clear();
            readFully(ch, chunk, base);
            int n = chunk.position();
            for (int i = 0; i + 1 < n; i++) {
                // MAGIC little-endian: 0x5C then 0xCA.
                if (chunk.get(i) == (byte) 0x5C && chunk.get(i + 1) == (byte) 0xCA && readAt(s, base + i) != null) {
                    return base + i;
                }
            }
        }
        return -1;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                return;
            }
        }
    }

    private FileChannel channel(Segment s) throws IOException {
        if (s.channel == null) {
            s.channel = storage.open(s.path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        }
        return s.channel;
    }

    /** Forces written records and the cursor to the device, if anything changed since the last force. */
    void force() throws IOException {
        if (!dirty) {
            return;
        }
        dirty = false;
        Segment a = active;
        try {
            if (a != null && a.channel != null) {
                a.channel.force(false);
            }
            cursor.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // rolled (forced before closing) or closing
        }
    }

    long liveBytes() {
        return liveBytes;
    }

    long liveItems() {
        return liveItems;
    }

    /** Segment files on disk. */
    int segmentCount() {
        return segments.size();
    }

    @Override
    public void close() {
        for (Segment s : segments) {
            closeQuietly(s.channel);
        }
        closeQuietly(cursor);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            if (ch.isOpen()) {
                ch.force(false);
            }
            ch.close();
        } catch (IOException e) {
            log.debug("closing an outbox file failed", e);
        }
    }
}
