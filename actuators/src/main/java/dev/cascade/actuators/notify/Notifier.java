package dev.cascade.actuators.notify;

import dev.cascade.actuators.alarm.AlarmChange;
import dev.cascade.actuators.alarm.AlarmEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes alarm changes to channels by severity, site and escalation level ({@link Route}), each channel behind its
 * own {@link ChannelWorker}, so a failing one never holds up the others. An escalation goes to the channels of the
 * routes of exactly its new level (the next person); everything else to every matching route. Thread-safe; must be
 * closed (closes its channels).
 */
public final class Notifier implements AutoCloseable {
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private final List<Route> routes;
    private final SiteMap sites;

    /** A notifier over {@code channels} (each with its limits); every channel a route names must be among them. */
    public Notifier(Map<NotificationChannel, ChannelLimits> channels, List<Route> routes, SiteMap sites,
                    InstantSource clock) {
        this.routes = List.copyOf(routes);
        this.sites = sites;
        Set<String> names = new LinkedHashSet<>();
        channels.keySet().forEach(c -> names.add(c.name()));
        for (Route r : this.routes) {
            for (String c : r.channels()) {
                if (!names.contains(c)) {
                    throw new IllegalArgumentException("routes[].channels must name configured channels " + names
                            + ", was " + c);
                }
            }
        }
        try {
            channels.forEach((c, limits) -> workers.put(c.name(), new ChannelWorker(c, limits, clock, n -> {})));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A notifier with no channels (the alarms topic is the only channel). */
    public static Notifier none() {
        return new Notifier(Map.of(), List.of(), SiteMap.single("default"), InstantSource.system());
    }

    /** Queues the notifications {@code change} calls for; returns the channels it went to. */
    public List<String> submit(AlarmChange change, Instant now) {
        if (!change.event().notifies()) {
            return List.of();
        }
        Notification n = new Notification(change.alarm(), change.event(), sites.siteOf(change.alarm().deviceId()), now);
        Set<String> targets = new LinkedHashSet<>();
        for (Route r : routes) {
            boolean levelOk = change.event() == AlarmEvent.ESCALATED
                    ? r.escalationLevel() == change.alarm().escalationLevel() : true;
            if (levelOk && r.matches(n)) {
                targets.addAll(r.channels());
            }
        }
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            if (workers.get(t).offer(n)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The channel names. */
    public Set<String> channels() {
        return workers.keySet();
    }

    /** Outcome counts of one channel. */
    public Map<DeliveryResult, Long> counts(String channel) {
        ChannelWorker w = workers.get(channel);
        return w == null ? new EnumMap<>(DeliveryResult.class) : w.counts();
    }

    /** Notifications waiting for {@code channel}. */
    public int queued(String channel) {
        ChannelWorker w = workers.get(channel);
        return w == null ? 0 : w.queued();
    }

    @Override
    public void close() {
        List<ChannelWorker> all = new ArrayList<>(workers.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
    }
}
