package dev.cascade.transport.mqtt;

import java.lang.reflect.Field;
import java.util.Timer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the automatic-reconnect timer of a Paho client being closed. Paho 1.2.5 (v5) cancels that timer only when a
 * reconnect succeeds: a client closed while its broker is away keeps a live "MQTT Reconnect: &lt;client id&gt;" timer
 * thread (and, when a connect attempt was in flight, starts a new one from its failure callback) until the client
 * object is garbage-collected. Turning automatic reconnect off in the options Paho holds stops the rescheduling;
 * the timer itself is private, so it is cancelled through reflection (tolerated to fail: a leaked idle thread, logged).
 */
final class PahoReconnectTimer {
    private static final Logger log = LoggerFactory.getLogger(PahoReconnectTimer.class);
    private static final Field TIMER = timerField();

    private PahoReconnectTimer() {}

    static void stop(MqttAsyncClient client, MqttConnectionOptions lastOptions) {
        if (lastOptions != null) {
            lastOptions.setAutomaticReconnect(false);
        }
        if (TIMER == null) {
            return;
        }
        try {
            Timer t = (Timer) TIMER.get(client);
            if (t != null) {
                t.cancel();
            }
        } catch (IllegalAccessException | RuntimeException e) {
            log.debug("could not cancel the reconnect timer of {}: {}", client.getClientId(), e.toString());
        }
    }

    private static Field timerField() {
        try {
            Field f = MqttAsyncClient.class.getDeclaredField("reconnectTimer");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            log.warn("this Paho has no reconnectTimer field ({}); a client closed while reconnecting may leave its"
                    + " reconnect thread behind", e.toString());
            return null;
        }
    }
}
