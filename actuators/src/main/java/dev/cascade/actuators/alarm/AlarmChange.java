package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alarm.Alarm;

/** An alarm's new state and what made it. */
public record AlarmChange(Alarm alarm, AlarmEvent event) {
    public AlarmChange {
        if (alarm == null || event == null) {
            throw new IllegalArgumentException("alarm and event must not be null, was " + alarm + ", " + event);
        }
    }
}
