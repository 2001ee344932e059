package dev.cascade.transport.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether Cascade's block-copying {@link CountingInputStream} replaced Paho's byte-at-a-time one. */
final class PahoReceivePath {
    private static final Logger log = LoggerFactory.getLogger(PahoReceivePath.class);
    private static final AtomicBoolean checked = new AtomicBoolean();

    private PahoReceivePath() {}

    /** True when received packets are copied in blocks (this module's class is first on the class path). */
    static boolean copiesBlocks() {
        try {
            CountingInputStream.class.getDeclaredMethod("read", byte[].class, int.class, int.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static void warnIfByteAtATime() {
        if (checked.compareAndSet(false, true) && !copiesBlocks()) {
            log.warn("Paho's CountingInputStream from {} shadows Cascade's: every received MQTT message is copied one"
                            + " byte at a time (about 0.1 us per byte); put cascade-transport-mqtt before"
                            + " org.eclipse.paho.mqttv5.client on the class path",
                    CountingInputStream.class.getProtectionDomain().getCodeSource());
        }
    }
}
