package dev.cascade.edge.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A power cut simulated on a real outbox folder: after the appends, the last segment is cut at every byte offset of
 * its tail (its last records), or kept at its length with everything from that offset on zeroed (what ext4 can leave of writes that
 * were not forced: the size made it to disk, the data did not). Each state is reopened: what comes back is exactly
 * the prefix of the appended items whose records are whole, the torn tail is counted and cut for good, nothing throws.
 */
class OutboxPowerLossTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-02T05:00:00Z"));
    private static final int SEGMENT = OutboxOptions.MIN_SEGMENT_BYTES;
    private static final int ITEMS = 5;

    @TempDir
    Path tmp;

    private static OutboxOptions options(Path dir, FsyncPolicy.Mode mode) {
        FsyncPolicy p = switch (mode) {
            case ALWAYS -> FsyncPolicy.always();
            case INTERVAL -> FsyncPolicy.every(java.time.Duration.ofMillis(50));
            case NEVER -> FsyncPolicy.never();
        };
        return new OutboxOptions(dir, 8L << 20, 0, SEGMENT, p);
    }

    private static byte[] payload(int i) {
        byte[] b = new byte[8 + 5 * i];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    /** Nearly a whole segment: the next record starts a new one. */
    private static final byte[] BIG = new byte[SEGMENT - 20 - Frame.storedSize("big", new byte[0])];

    /**
     * With {@code twoSegments}, first one item that fills the first segment (so the cut is in the second, and it comes
     * back whole first); then {@link #ITEMS} small ones, the first of them acknowledged (with one segment only).
     * Returns the end offsets of the small records in the last segment.
     */
    private static List<Long> fill(Path dir, FsyncPolicy.Mode mode, boolean twoSegments) throws IOException {
        List<Long> ends = new ArrayList<>();
        try (Outbox o = Outbox.open(options(dir, mode), CLOCK)) {
            if (twoSegments) {
                assertThat(o.append(ItemClass.ESCALATION, 1, "big", BIG)).isEqualTo(Appended.ACCEPTED);
            }
            long end = 0;
            for (int i = 0; i < ITEMS; i++) {
                assertThat(o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i))).isEqualTo(Appended.ACCEPTED);
                end += Frame.storedSize("id-" + i, payload(i));
                ends.add(end);
            }
            if (!twoSegments) {
                OutboxItem first = o.next();
                assertThat(first.id()).isEqualTo("id-0");
                o.done(first);
            }
        }
        return ends;
    }

    private static List<Path> segmentFiles(Path lane) throws IOException {
        try (Stream<Path> s = Files.list(lane)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** A copy of {@code src} (earlier segments hard-linked: reopening only reads them). */
    private static void copy(Path src, Path dst, Path lastSegment) throws IOException {
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (p.toString().endsWith(".seg") && !p.equals(lastSegment)) {
                    Files.createLink(to, p);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private static List<String> drain(Outbox o) {
        List<String> ids = new ArrayList<>();
        for (OutboxItem i = o.next(); i != null; i = o.next()) {
            ids.add(i.id());
            assertThat(i.payload()).isEqualTo(i.id().equals("big") ? BIG : payload(Integer.parseInt(i.id().substring(3))));
        }
        return ids;
    }

    /** The items a cut at {@code cut} must leave: the unacknowledged ones whose records end by then. */
    private static List<String> prefix(List<Long> ends, long cut, boolean twoSegments) {
        List<String> out = new ArrayList<>();
        if (twoSegments) {
            out.add("big");
        }
        for (int i = twoSegments ? 0 : 1; i < ends.size(); i++) {
            if (ends.get(i) <= cut) {
                out.add("id-" + i);
            }
        }
        return out;
    }

    private void everyCut(FsyncPolicy.Mode mode, boolean twoSegments) throws IOException {
        Path src = tmp.resolve("src");
        List<Long> ends = fill(src, mode, twoSegments);
        List<Path> segs = segmentFiles(src.resolve("priority"));
        assertThat(segs).hasSize(twoSegments ? 2 : 1);
        Path last = segs.get(segs.size() - 1);
        long length = Files.size(last);
        assertThat(length).isEqualTo(ends.get(ends.size() - 1));
        // Under fsync=always every append but the last returned after it was forced: only the last may be torn.
        // Otherwise the page cache may lose any unforced tail: every byte of the last two records (earlier offsets
        // are the same cases again, only slower to run).
        long from = ends.get(ends.size() - (mode == FsyncPolicy.Mode.ALWAYS ? 2 : 3));
        int run = 0;
        for (long cut = from; cut <= length; cut++) {
            for (boolean zeroed : new boolean[] {false, true}) {
                if (zeroed && cut == length) {
                    continue;
                }
                Path dst = tmp.resolve("cut-" + run++);
                copy(src, dst, last);
                Path seg = dst.resolve(src.relativize(last).toString());
                try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                    if (zeroed) {
                        f.seek(cut);
                        f.write(new byte[(int) (length - cut)]);
                    } else {
                        f.setLength(cut);
                    }
                }
                String state = mode + (zeroed ? " zeroed from " : " cut at ") + cut + " of " + length;
                boolean whole = cut == 0 || ends.contains(cut);
                List<String> expected = prefix(ends, cut, twoSegments);
                try (Outbox o = Outbox.open(options(dst, mode), CLOCK)) {
                    assertThat(o.stats().tornTails()).as(state).isEqualTo(whole && !zeroed ? 0 : 1);
                    assertThat(o.stats().corruptRegions()).as(state).isZero();
                    assertThat(drain(o)).as(state).isEqualTo(expected);
                    assertThat(o.append(ItemClass.FAULT, 1, "id-9", payload(9))).as(state).isEqualTo(Appended.ACCEPTED);
                }
                List<String> after = new ArrayList<>(expected);
                after.add("id-9");
                try (Outbox o = Outbox.open(options(dst, mode), CLOCK)) {
                    assertThat(o.stats().tornTails()).as(state + ", reopened").isZero();
                    assertThat(drain(o)).as(state + ", reopened").isEqualTo(after);
                }
                deleteTree(dst);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FsyncPolicy.Mode.class, names = {"ALWAYS", "NEVER"})
    void powerCut_atEveryByteOfTheOnlySegmentsTail_leavesExactlyThePrefixOfWholeRecords(FsyncPolicy.Mode mode)
            throws IOException {
        everyCut(mode, false);
    }

    @ParameterizedTest
    @EnumSource(value = FsyncPolicy.Mode.class, names = {"ALWAYS", "NEVER"})
    void powerCut_atEveryByteOfTheTailOfTheLastOfTwoSegments_leavesExactlyThePrefixOfWholeRecords(FsyncPolicy.Mode mode)
            throws IOException {
        everyCut(mode, true);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
