package dev.cascade.actuators.alarm;

/** What happened to an alarm; each but {@link #REMINDER} is a new state on the alarms topic. */
public enum AlarmEvent {
    /** A new condition. */
    RAISED("raised", true),
    /** Another report of an open condition at a higher severity. */
    UPDATED("updated", true),
    /** Another report of an open condition (count grew; nobody is told again). */
    REPORTED("reported", false),
    /** An operator acknowledged it. */
    ACKNOWLEDGED("acknowledged", false),
    /** The condition ended, or an operator cleared it. */
    CLEARED("cleared", true),
    /** Unacknowledged for too long: one level up. */
    ESCALATED("escalated", true),
    /** Still open and unacknowledged: told again (not a new state). */
    REMINDER("reminder", true);

    private final String displayName;
    private final boolean notifies;

    AlarmEvent(String displayName, boolean notifies) {
        this.displayName = displayName;
        this.notifies = notifies;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether people are told about it (the dashboard sees every state on the topic anyway). */
    public boolean notifies() {
        return notifies;
    }

    /** Whether it writes a new state of the alarm. */
    public boolean changesState() {
        return this != REMINDER;
    }
}
