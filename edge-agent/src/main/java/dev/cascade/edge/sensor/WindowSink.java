package dev.cascade.edge.sensor;

import dev.cascade.protocol.window.SensorWindow;

/** Takes a sensor's windows; waits while the agent's queue for that device is full. Thread-safe. */
@FunctionalInterface
public interface WindowSink {
    void accept(SensorWindow window) throws InterruptedException;
}
