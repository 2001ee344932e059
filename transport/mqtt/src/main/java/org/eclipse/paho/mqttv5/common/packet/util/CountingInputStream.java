package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Cascade's replacement for Eclipse Paho's (MQTT v5 client 1.2.5) class of the same name, which overrides only
 * {@code read()}: every received PUBLISH is then copied one byte at a time, twice (the packet, then the payload),
 * through a megamorphic virtual call. At 4 KB sensor windows that was a third of the whole pipeline's CPU in
 * {@code cascade bench pipeline} (see docs/BENCHMARKS.md). This version has the same public API and counts the same
 * bytes, but copies blocks.
 *
 * <p>It takes effect because {@code cascade-transport-mqtt} comes before Paho on the class path (Paho is its
 * dependency); {@link dev.cascade.transport.mqtt.MqttConnection} logs a warning once when it does not.
 */
public class CountingInputStream extends InputStream {
    private final InputStream inputStream;
    private int counter;

    /** Counts the bytes read from {@code in}. */
    public CountingInputStream(InputStream in) {
        this.inputStream = in;
        this.counter = 0;
    }

    @Override
    public int read() throws IOException {
        int i = inputStream.read();
        if (i != -1) {
            counter++;
        }
        return i;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = inputStream.read(b, off, len);
        if (n > 0) {
            counter += n;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return inputStream.available();
    }

    /** The bytes read so far. */
    public int getCounter() {
        return counter;
    }

    /** Starts counting again from zero. */
    public void resetCounter() {
        counter = 0;
    }
}
