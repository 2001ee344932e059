package dev.cascade.dashboard.auth;

/** What a dashboard user may do: look (viewer) or also act on alarms and devices (operator). */
public enum Role {
    /** Reads every page; changes nothing. */
    VIEWER,
    /** Also acknowledges and clears alarms, resumes machines, locks devices out. */
    OPERATOR;

    /** Whether this role may change state (every POST but login and logout). */
    public boolean mayAct() {
        return this == OPERATOR;
    }
}
