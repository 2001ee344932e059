package dev.cascade.edge.outbox;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's durable store-and-forward queue: what must go up is appended here before it counts as accepted,
 * read back in order by the sender, and removed once the broker acknowledged it. Two lanes on disk: priority
 * (escalations; sent first) and bulk (telemetry, audit samples). Each lane is segment files of records with a
 * CRC32C each, and a cursor file; it survives {@code kill -9} and power loss (a torn last record is cut off, a
 * damaged stretch skipped to the next valid record; both counted and logged).
 *
 * <p>When full: a new telemetry or audit item is refused; a new escalation first makes room by dropping the
 * oldest unsent telemetry and audit items; a non-fault escalation is refused when that is not enough (it may not
 * use the last {@code faultReserveBytes}); a fault escalation may use the reserve and is refused only when the
 * whole capacity holds faults and escalations. Every drop and refusal is counted by class. A failed write (a full
 * disk) is counted and returned, never thrown: the agent keeps deciding.
 *
 * <p>Written here rather than taken from a library: Square's Tape (QueueFile) has no per-record checksum, one
 * file, no priorities and no release since 2017; Chronicle Queue memory-maps large files, needs
 * {@code --add-opens} on Java 17 and megabytes of jars; MapDB drags in Kotlin, Eclipse Collections and Guava.
 * The Pi ships alone with a small dependency tree and runs in {@code -Xmx32m}: this holds only a cursor and
 * the records in flight in memory.
 *
 * <p>Thread-safe (one lock; forcing to the device happens outside it); must be closed.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final OutboxOptions options;
    private final InstantSource clock;
    private final Lane priority;
    private final Lane bulk;
    private final Recovery found = new Recovery();
    private final ScheduledExecutorService syncer;
    private final Map<ItemClass, LongAdder> appended = counters();
    private final Map<ItemClass, LongAdder> dropped = counters();
    private final Map<ItemClass, LongAdder> refused = counters();
    private final Map<ItemClass, LongAdder> writeFailed = counters();
    private final LongAdder readFailures = new LongAdder();
    private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);
    private boolean closed;

    private Outbox(OutboxOptions options, InstantSource clock, Storage storage) throws IOException {
        this.options = options;
        this.clock = clock;
        this.priority = new Lane(options.dir().resolve("priority"), options.segmentBytes(), options.fsync(), storage, found);
        Lane b;
        try {
            b = new Lane(options.dir().resolve("bulk"), options.segmentBytes(), options.fsync(), storage, found);
        } catch (IOException | RuntimeException e) {
            priority.close();
            throw e;
        }
        this.bulk = b;
        if (options.fsync().mode() == FsyncPolicy.Mode.INTERVAL) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cascade-edge-outbox-fsync");
                t.setDaemon(true);
                return t;
            });
            long ms = options.fsync().interval().toMillis();
            syncer.scheduleWithFixedDelay(this::force, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
        if (priority.liveItems() + bulk.liveItems() > 0 || found.tornTails + found.corruptRegions > 0) {
            log.info("outbox {} holds {} item(s) ({} bytes) from before; {} torn tail(s), {} corrupted region(s) skipped",
                    options.dir(), priority.liveItems() + bulk.liveItems(), priority.liveBytes() + bulk.liveBytes(),
                    found.tornTails, found.corruptRegions);
        }
    }

    /** Opens (or creates) the outbox in {@code options.dir()}, recovering what a crash left there. */
    public static Outbox open(OutboxOptions options, InstantSource clock) throws IOException {
        return new Outbox(options, clock, Storage.FILES);
    }

    static Outbox open(OutboxOptions options, InstantSource clock, Storage storage) throws IOException {
        return new Outbox(options, clock, storage);
    }

    private static Map<ItemClass, LongAdder> counters() {
        Map<ItemClass, LongAdder> m = new EnumMap<>(ItemClass.class);
        for (ItemClass c : ItemClass.values()) {
            m.put(c, new LongAdder());
        }
        return m;
    }

    /**
     * Appends one item, applying the full-outbox policy; never throws for an I/O failure (it is counted and
     * returned).
     *
     * @param kind what the sender batches by (0..255)
     * @param id the item's stable id, carried on every resend
     */
    public Appended append(ItemClass c, int kind, String id, byte[] payload) {
        if (c == null || id == null || payload == null) {
            throw new IllegalArgumentException("itemClass, id and payload must not be null");
        }
        long size = Frame.storedSize(id, payload);
        synchronized (this) {
            if (closed) {
                writeFailed.get(c).increment();
                return Appended.WRITE_FAILED;
            }
            long limit = c == ItemClass.FAULT ? options.capacityBytes() : options.capacityBytes() - options.faultReserveBytes();
            try {
                if (c.priority()) {
                    while (live() + size > limit) {
                        OutboxItem gone = bulk.dropOldest();
                        if (gone == null) {
                            break;
                        }
                        dropped.get(gone.itemClass()).increment();
                    }
                }
                if (live() + size > limit) {
                    refused.get(c).increment();
                    if (c == ItemClass.FAULT) {
                        log.error("outbox full of escalations ({} bytes): a fault escalation ({}) was refused", live(), id);
                    }
                    return Appended.REFUSED_FULL;
                }
                (c.priority() ? priority : bulk).append(c, kind, id, micros(clock.instant()), payload);
            } catch (IOException e) {
                writeFailed.get(c).increment();
                long now = System.nanoTime();
                long last = lastFailureLog.get();
                if (last == Long.MIN_VALUE || now - last > TimeUnit.MINUTES.toNanos(1)) {
                    lastFailureLog.set(now);
                    log.warn("outbox write failed ({}); {} item(s) not held so far, the agent goes on deciding locally",
                            e.toString(), OutboxStats.total(snapshot(writeFailed)));
                }
                return Appended.WRITE_FAILED;
            }
        }
        appended.get(c).increment();
        return Appended.ACCEPTED;
    }

    private long live() {
        return priority.liveBytes() + bulk.liveBytes();
    }

    /** The next item to send (the priority lane first), or null when everything held has been handed out. */
    public synchronized OutboxItem next() {
        if (closed) {
            return null;
        }
        try {
            OutboxItem i = priority.next();
            return i != null ? i : bulk.next();
        } catch (IOException e) {
            readFailures.increment();
            log.warn("outbox read failed: {}", e.toString());
            return null;
        }
    }

    /** Removes an item the broker acknowledged (repeats and stale items are ignored). */
    public synchronized void done(OutboxItem item) {
        if (closed) {
            return;
        }
        try {
            (item.itemClass().priority() ? priority : bulk).done(item);
        } catch (IOException e) {
            // The cursor did not move: the item is sent again after a restart (a dedupable duplicate).
            log.warn("outbox cursor write failed: {}", e.toString());
        }
    }

    /** Hands out again, from the oldest, every item handed out and not done (after a failed send). */
    public synchronized void rewind() {
        priority.rewind();
        bulk.rewind();
    }

    private void force() {
        try {
            priority.force();
            bulk.force();
        } catch (IOException e) {
            log.warn("outbox fsync failed: {}", e.toString());
        }
    }

    /** Counts so far. */
    public OutboxStats stats() {
        long items;
        long bytes;
        synchronized (this) {
            items = priority.liveItems() + bulk.liveItems();
            bytes = live();
        }
        return new OutboxStats(snapshot(appended), snapshot(dropped), snapshot(refused), snapshot(writeFailed),
                found.tornTails, found.corruptRegions, found.corruptBytes, readFailures.sum(), items, bytes);
    }

    /** Items held, not yet acknowledged. */
    public synchronized long backlog() {
        return priority.liveItems() + bulk.liveItems();
    }

    /** Segment files on disk, both lanes. */
    public synchronized int segmentFiles() {
        return priority.segmentCount() + bulk.segmentCount();
    }

    private static Map<ItemClass, Long> snapshot(Map<ItemClass, LongAdder> m) {
        Map<ItemClass, Long> out = new EnumMap<>(ItemClass.class);
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** Forces what was written and closes the files. */
    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            bulk.close();
            priority.close();
        }
    }
}
