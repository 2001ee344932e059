package dev.cascade.dashboard.web;

import dev.cascade.protocol.operator.OperatorActionType;

/** Carries out an authorised operator's action (publishes it); throws IllegalArgumentException for a bad target. */
public interface ActionHandler {
    /** Returns the action id. */
    String act(OperatorActionType type, String target, String operator, String note);
}
