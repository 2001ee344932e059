package dev.cascade.dashboard;

import dev.cascade.protocol.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts operators see: one row per ongoing condition ({@link Alert#dedupKey()}), with how often it was
 * raised, newest first, at most {@code capacity} rows. Thread-safe.
 */
final class AlertBoard {
    /** One row of the board. */
    record Row(String key, String type, String device, String severity, String summary, String correlationId, long count,
               Instant first, Instant last) {}

    private final int capacity;
    private final LinkedHashMap<String, Row> rows = new LinkedHashMap<>(16, 0.75f, true);

    AlertBoard(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an alert; returns the row as it now stands. Repeated alert ids are not counted twice. */
    synchronized Row add(Alert a, java.util.Set<String> seenIds) {
        if (!seenIds.add(a.header().alertId())) {
            Row r = rows.get(a.dedupKey());
            if (r != null) {
                return r;
            }
        }
        Row prev = rows.get(a.dedupKey());
        Row row = new Row(a.dedupKey(), a.type(), a.header().deviceId().value(), a.header().severity().displayName(),
                a.summary(), a.header().correlationId().value(), prev == null ? 1 : prev.count() + 1,
                prev == null ? a.header().raisedAt() : prev.first(), a.header().raisedAt());
        rows.put(a.dedupKey(), row);
        while (rows.size() > capacity) {
            String eldest = rows.keySet().iterator().next();
            rows.remove(eldest);
        }
        return row;
    }

    /** Newest first. */
    synchronized List<Row> rows() {
        List<Row> out = new ArrayList<>(rows.values());
        java.util.Collections.reverse(out);
        return out;
    }

    synchronized Map<String, Long> countsBySeverity() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Row r : rows.values()) {
            m.merge(r.severity(), r.count(), Long::sum);
        }
        return m;
    }
}
