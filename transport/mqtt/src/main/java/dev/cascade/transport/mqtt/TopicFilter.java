package dev.cascade.transport.mqtt;

/** Matches topic names against an MQTT topic filter ({@code +}, {@code #}, and {@code $share/group/} prefixes). */
public final class TopicFilter {
    private final String[] levels;

    /** The matcher of {@code filter}; a malformed shared filter throws {@link IllegalArgumentException}. */
    public TopicFilter(String filter) {
        String f = filter;
        if (f.startsWith("$share/")) {
            int slash = f.indexOf('/', "$share/".length());
            if (slash < 0) {
                throw new IllegalArgumentException("filter must be $share/<group>/<filter>, was " + filter);
            }
            f = f.substring(slash + 1);
        }
        this.levels = f.split("/", -1);
    }

    /** Whether {@code topic} matches. */
    public boolean matches(String topic) {
        String[] t = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!l.equals("+") && !l.equals(t[i])) {
                return false;
            }
        }
        return t.length == levels.length;
    }
}
