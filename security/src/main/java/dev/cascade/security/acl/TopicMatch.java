package dev.cascade.security.acl;

/** MQTT topic-filter matching and covering, level by level. */
final class TopicMatch {
    private TopicMatch() {}

    static boolean validFilter(String f) {
        if (f.isEmpty()) {
            return false;
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#")) {
                if (i != levels.length - 1) {
                    return false;
                }
            } else if (!l.equals("+") && (l.contains("+") || l.contains("#"))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code topic} (no wildcards) matches {@code filter}. */
    static boolean matches(String filter, String topic) {
        if (topic.contains("+") || topic.contains("#")) {
            return false;
        }
        return covers(filter, topic);
    }

    /** Whether every topic that {@code requested} matches is matched by {@code grant} too. */
    static boolean covers(String grant, String requested) {
        String[] g = grant.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < g.length; i++) {
            if (g[i].equals("#")) {
                return true;
            }
            if (i >= r.length) {
                return false;
            }
            if (r[i].equals("#")) {
                return false;
            }
            if (g[i].equals("+")) {
                continue;
            }
            if (r[i].equals("+") || !g[i].equals(r[i])) {
                return false;
            }
        }
        return g.length == r.length;
    }

    /** Whether some topic matches both filters. */
    static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            if ((i < x.length && x[i].equals("#")) || (i < y.length && y[i].equals("#"))) {
                return true;
            }
            if (i >= x.length || i >= y.length) {
                return false;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }
}
