package dev.cascade.edge.sensor;

/**
 * A sensor attached to the gateway itself (SPI, I2C, a serial line, or a generator in a benchmark) that hands its
 * windows to the agent directly, without a broker hop. Owns whatever thread reads the sensor; must be closed.
 */
public interface SensorAdapter extends AutoCloseable {
    /** Starts handing windows to {@code sink} (e.g. {@code EdgeAgent::accept}). */
    void start(WindowSink sink);

    @Override
    void close();
}
