package dev.cascade.edge.ota;

import dev.cascade.model.bundle.ModelBundle;
import java.util.Optional;

/** The agent's side of an update: which bundle runs under a model name, and the atomic swap to another one. */
public interface ModelSwitch {
    /** The bundle scoring under model {@code name} now, or empty if the agent runs no model of that name. */
    Optional<ModelBundle> running(String name);

    /**
     * Makes {@code bundle} score every window handed to a worker from now on, in place of the bundle of the same
     * name: each window is scored whole by the old or by the new one, never by both, none dropped.
     */
    void swap(ModelBundle bundle);
}
