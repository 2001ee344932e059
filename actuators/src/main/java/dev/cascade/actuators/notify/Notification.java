package dev.cascade.actuators.notify;

import dev.cascade.actuators.alarm.AlarmEvent;
import dev.cascade.protocol.alarm.Alarm;
import java.time.Instant;

/**
 * One thing to tell people about an alarm.
 *
 * @param alarm the alarm's state
 * @param event what happened to it
 * @param site the site of its device
 * @param createdAt when the change was made (delivery latency is measured from here)
 */
public record Notification(Alarm alarm, AlarmEvent event, String site, Instant createdAt) {
    public Notification {
        if (alarm == null || event == null || createdAt == null) {
            throw new IllegalArgumentException("alarm, event and createdAt must not be null");
        }
        if (site == null || !site.matches(SiteMap.SITE_PATTERN)) {
            throw new IllegalArgumentException("site must be 1-64 characters of [a-z0-9_-], was " + site);
        }
    }

    /** One line for a person, e.g. {@code [CRITICAL] press-07 anomaly raised (site north, 3 reports): ...}. */
    public String text() {
        String level = alarm.escalationLevel() > 0 ? ", escalation " + alarm.escalationLevel() : "";
        return String.format("[%s] %s %s %s (site %s, %d report%s%s): %s", alarm.severity().displayName().toUpperCase(),
                alarm.deviceId(), alarm.cause(), event.displayName(), site, alarm.count(), alarm.count() == 1 ? "" : "s",
                level, alarm.summary());
    }
}
