package dev.cascade.edge;

import dev.cascade.edge.decide.Decision;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;

/**
 * Watches an edge agent's work, for monitoring and benchmarks. Called on the agent's threads: return
 * quickly and never throw. Every method does nothing by default.
 */
public interface EdgeObserver {
    EdgeObserver NONE = new EdgeObserver() {};

    /** A window was scored and decided. */
    default void onDecision(SensorWindow window, float score, Decision decision) {}

    /** The edge sent a command of its own. */
    default void onLocalAction(Command command) {}

    /** The cloud broker acknowledged an escalation. */
    default void onEscalationSent(Escalation escalation) {}

    /** {@code model} scores the windows of {@code kind} from now on (once per kind at start, then at each swap). */
    default void onModelRunning(SensorKind kind, ModelRef model) {}
}
