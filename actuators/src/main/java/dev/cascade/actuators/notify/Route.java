package dev.cascade.actuators.notify;

import dev.cascade.protocol.alert.Severity;
import java.util.List;
import java.util.Set;

/**
 * A routing rule: alarms of at least {@code minSeverity}, at one of {@code sites} (empty: any), that have reached
 * {@code escalationLevel}, go to {@code channels}. A rule with a level above 0 is the escalation path: it is told
 * when an alarm escalates to its level, and of everything after.
 *
 * @param minSeverity the least severity that matches
 * @param sites the sites that match (empty: every site)
 * @param escalationLevel the escalation level from which the rule applies
 * @param channels the names of the channels to notify
 */
public record Route(Severity minSeverity, Set<String> sites, int escalationLevel, List<String> channels) {
    public Route {
        if (minSeverity == null) {
            throw new IllegalArgumentException("minSeverity must not be null");
        }
        sites = Set.copyOf(sites == null ? Set.of() : sites);
        if (escalationLevel < 0) {
            throw new IllegalArgumentException("escalationLevel must be >= 0, was " + escalationLevel);
        }
        channels = List.copyOf(channels == null ? List.of() : channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels must name at least one channel, was []");
        }
    }

    /** Whether {@code n} goes to this rule's channels. */
    public boolean matches(Notification n) {
        return n.alarm().severity().id() >= minSeverity.id() && (sites.isEmpty() || sites.contains(n.site()))
                && n.alarm().escalationLevel() >= escalationLevel;
    }
}
