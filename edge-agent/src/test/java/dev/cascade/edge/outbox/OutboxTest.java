package dev.cascade.edge.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-01T10:00:00Z"));
    private static final int SEGMENT = OutboxOptions.MIN_SEGMENT_BYTES;

    @TempDir
    Path dir;

    private OutboxOptions options(long capacity, long reserve) {
        return new OutboxOptions(dir, capacity, reserve, SEGMENT, FsyncPolicy.never());
    }

    private static byte[] payload(int n, int size) {
        byte[] b = new byte[size];
        byte[] tag = ("item-" + n).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, b, 0, Math.min(tag.length, size));
        return b;
    }

    private static List<String> drain(Outbox o) {
        List<String> ids = new ArrayList<>();
        for (OutboxItem i = o.next(); i != null; i = o.next()) {
            ids.add(i.id());
        }
        return ids;
    }

    @Test
    void append_thenNext_handsOutItemsInOrderWithTheirIdsAndPayloads() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(Appended.ACCEPTED, o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i, 100)));
            }
            OutboxItem first = o.next();
            assertEquals("id-0", first.id());
            assertEquals(ItemClass.ESCALATION, first.itemClass());
            assertEquals(1, first.kind());
            assertEquals(CLOCK.instant().toEpochMilli() * 1000, first.appendedAtMicros());
            assertArrayEquals(payload(0, 100), first.payload());
            assertEquals(List.of("id-1", "id-2"), drain(o));
            assertEquals(3, o.stats().backlogItems());
        }
    }

    @Test
    void priorityItems_goBeforeBulkItems_appendedEarlier() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            o.append(ItemClass.AUDIT, 1, "audit-0", payload(0, 10));
            o.append(ItemClass.TELEMETRY, 0, "telemetry-1", payload(1, 10));
            o.append(ItemClass.FAULT, 1, "fault-2", payload(2, 10));
            o.append(ItemClass.ESCALATION, 2, "escalation-3", payload(3, 10));
            assertEquals(List.of("fault-2", "escalation-3", "audit-0", "telemetry-1"), drain(o));
        }
    }

    @Test
    void doneItems_areNotHandedOutAfterReopen_theOthersAre() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            for (int i = 0; i < 5; i++) {
                o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i, 100));
            }
            OutboxItem a = o.next();
            OutboxItem b = o.next();
            OutboxItem c = o.next();
            o.done(a);
            o.done(c); // acknowledged out of order: the cursor waits for b
            assertEquals(3, o.stats().backlogItems());
        }
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            // b was never acknowledged, so it and everything after the cursor come again (c too: a dedupable resend).
            assertEquals(List.of("id-1", "id-2", "id-3", "id-4"), drain(o));
            assertEquals(0, o.stats().tornTails());
            assertEquals(0, o.stats().corruptRegions());
        }
    }

    @Test
    void rewind_handsOutUnacknowledgedItemsAgainInOrder() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            for (int i = 0; i < 4; i++) {
                o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i, 100));
            }
            o.done(o.next());
            o.next();
            o.next();
            o.rewind();
            assertEquals(List.of("id-1", "id-2", "id-3"), drain(o));
        }
    }

    @Test
    void fullyAcknowledgedSegments_areDeleted() throws IOException {
        try (Outbox o = Outbox.open(options(16L << 20, 0), CLOCK)) {
            for (int i = 0; i < 40; i++) {
                o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i, 50_000));
            }
            assertTrue(segments(dir.resolve("priority")) >= 4, "segments " + segments(dir.resolve("priority")));
            for (OutboxItem i = o.next(); i != null; i = o.next()) {
                o.done(i);
            }
            assertEquals(1, segments(dir.resolve("priority")), "only the segment being written stays");
            assertEquals(0, o.stats().backlogItems());
            assertEquals(0, o.stats().backlogBytes());
        }
    }

    @Test
    void tornLastRecord_isCutOffAndCounted_theRecordsBeforeItSurvive() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            for (int i = 0; i < 3; i++) {
                o.append(ItemClass.FAULT, 1, "id-" + i, payload(i, 1000));
            }
        }
        Path seg = onlySegment(dir.resolve("priority"));
        long size = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(size - 300); // power lost in the middle of the last write
        }
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            assertEquals(1, o.stats().tornTails());
            assertEquals(List.of("id-0", "id-1"), drain(o));
            assertEquals(Appended.ACCEPTED, o.append(ItemClass.FAULT, 1, "id-3", payload(3, 1000)));
        }
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            assertEquals(0, o.stats().tornTails(), "the cut was made for good");
            assertEquals(List.of("id-0", "id-1", "id-3"), drain(o));
        }
    }

    @Test
    void corruptedRecordInTheMiddle_isSkippedToTheNextValidRecord_andCounted() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            for (int i = 0; i < 5; i++) {
                o.append(ItemClass.ESCALATION, 1, "id-" + i, payload(i, 1000));
            }
        }
        Path seg = onlySegment(dir.resolve("priority"));
        int recordBytes = (int) Files.size(seg) / 5;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(recordBytes + 500L); // flip bytes inside the second record's payload
            f.write(new byte[] {1, 2, 3, 4});
        }
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            OutboxStats s = o.stats();
            assertEquals(1, s.corruptRegions());
            assertEquals(recordBytes, s.corruptBytes());
            assertEquals(0, s.tornTails());
            assertEquals(List.of("id-0", "id-2", "id-3", "id-4"), drain(o));
        }
    }

    @Test
    void full_dropsTheOldestAuditSamplesToMakeRoomForAnEscalation() throws IOException {
        long capacity = SEGMENT * 2L;
        try (Outbox o = Outbox.open(options(capacity, 0), CLOCK)) {
            int n = 0;
            while (o.append(ItemClass.AUDIT, 1, "audit-" + n, payload(n, 10_000)) == Appended.ACCEPTED) {
                n++;
            }
            assertEquals(Appended.REFUSED_FULL, o.append(ItemClass.TELEMETRY, 0, "telemetry", payload(0, 10_000)));
            assertEquals(Appended.ACCEPTED, o.append(ItemClass.ESCALATION, 1, "escalation", payload(0, 25_000)));
            OutboxStats s = o.stats();
            assertEquals(3, s.dropped().get(ItemClass.AUDIT), "three 10 kB samples make room for 25 kB");
            assertEquals(1, s.refused().get(ItemClass.AUDIT), "the one that did not fit");
            assertEquals(1, s.refused().get(ItemClass.TELEMETRY));
            List<String> ids = drain(o);
            assertEquals("escalation", ids.get(0));
            assertEquals("audit-3", ids.get(1), "the oldest three are gone");
            assertEquals(n - 3 + 1, ids.size());
        }
    }

    @Test
    void full_refusesNonFaultEscalations_butFaultsUseTheReserve() throws IOException {
        long capacity = SEGMENT * 2L;
        long reserve = 100_000;
        try (Outbox o = Outbox.open(options(capacity, reserve), CLOCK)) {
            int n = 0;
            while (o.append(ItemClass.ESCALATION, 1, "e-" + n, payload(n, 10_000)) == Appended.ACCEPTED) {
                n++;
            }
            assertEquals(1, o.stats().refused().get(ItemClass.ESCALATION));
            assertTrue(o.stats().backlogBytes() <= capacity - reserve);
            int faults = 0;
            while (o.append(ItemClass.FAULT, 1, "f-" + faults, payload(faults, 10_000)) == Appended.ACCEPTED) {
                faults++;
            }
            int record = Frame.storedSize("f-0", payload(0, 10_000));
            assertTrue(faults >= reserve / record, "the 100 kB reserve holds at least nine 10 kB faults, held " + faults);
            assertTrue(o.stats().backlogBytes() <= capacity && capacity - o.stats().backlogBytes() < record,
                    "faults fill the whole capacity: " + o.stats().backlogBytes());
            assertEquals(1, o.stats().refused().get(ItemClass.FAULT));
            assertEquals(0, OutboxStats.total(o.stats().dropped()));
        }
    }

    @Test
    void fullDisk_isCountedAndReturned_andTheOutboxWorksOnceThereIsRoom() throws IOException {
        QuotaStorage disk = new QuotaStorage(50_000);
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK, disk)) {
            int accepted = 0;
            Appended last;
            while ((last = o.append(ItemClass.FAULT, 1, "f-" + accepted, payload(accepted, 10_000))) == Appended.ACCEPTED) {
                accepted++;
            }
            assertEquals(Appended.WRITE_FAILED, last);
            assertEquals(4, accepted);
            assertEquals(1, o.stats().writeFailed().get(ItemClass.FAULT));
            assertEquals(Appended.WRITE_FAILED, o.append(ItemClass.AUDIT, 1, "a", payload(0, 10_000)));
            assertEquals(1, o.stats().writeFailed().get(ItemClass.AUDIT));
            disk.setQuota(1 << 20);
            assertEquals(Appended.ACCEPTED, o.append(ItemClass.FAULT, 1, "f-after", payload(9, 10_000)));
            assertEquals(List.of("f-0", "f-1", "f-2", "f-3", "f-after"), drain(o));
        }
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            assertEquals(0, o.stats().tornTails(), "the failed write left no partial record behind");
            assertEquals(List.of("f-0", "f-1", "f-2", "f-3", "f-after"), drain(o));
        }
    }

    @Test
    void emptyOutbox_handsOutNothing() throws IOException {
        try (Outbox o = Outbox.open(options(4L << 20, 0), CLOCK)) {
            assertNull(o.next());
            assertEquals(0, o.stats().backlogItems());
        }
    }

    private static long segments(Path lane) throws IOException {
        try (Stream<Path> s = Files.list(lane)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    private static Path onlySegment(Path lane) throws IOException {
        try (Stream<Path> s = Files.list(lane)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".seg")).toList();
            assertEquals(1, segs.size());
            return segs.get(0);
        }
    }
}
