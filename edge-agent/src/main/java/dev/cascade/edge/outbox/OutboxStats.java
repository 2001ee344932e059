package dev.cascade.edge.outbox;

import java.util.Map;

/**
 * What an outbox has done since it was opened (counts by item class have every class present).
 *
 * @param appended items accepted
 * @param dropped items dropped to make room (oldest telemetry and audit samples)
 * @param refused items refused because the outbox was full
 * @param writeFailed items not held because writing failed (a full disk, an I/O error)
 * @param tornTails torn last records found and cut off at open (a crash or power loss mid-write)
 * @param corruptRegions damaged stretches skipped at open (up to the next valid record)
 * @param corruptBytes bytes in them
 * @param readFailures reads that failed with an I/O error (the sender tries again)
 * @param backlogItems items held, not yet acknowledged
 * @param backlogBytes bytes they take
 */
public record OutboxStats(Map<ItemClass, Long> appended, Map<ItemClass, Long> dropped, Map<ItemClass, Long> refused,
                          Map<ItemClass, Long> writeFailed, long tornTails, long corruptRegions, long corruptBytes,
                          long readFailures, long backlogItems, long backlogBytes) {
    public OutboxStats {
        appended = Map.copyOf(appended);
        dropped = Map.copyOf(dropped);
        refused = Map.copyOf(refused);
        writeFailed = Map.copyOf(writeFailed);
    }

    /** Sum of one of the maps. */
    public static long total(Map<ItemClass, Long> byClass) {
        long t = 0;
        for (long v : byClass.values()) {
            t += v;
        }
        return t;
    }
}
