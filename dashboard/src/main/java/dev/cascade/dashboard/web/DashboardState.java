package dev.cascade.dashboard.web;

import java.util.Map;

/** What the web layer reads from the dashboard: the full picture for a new browser. */
public interface DashboardState {
    /** Everything a page needs to draw itself (fleet, alarms, commands, health). */
    Map<String, Object> snapshot();
}
