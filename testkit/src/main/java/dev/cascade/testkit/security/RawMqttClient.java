package dev.cascade.testkit.security;

import dev.cascade.transport.mqtt.tls.PemTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A bare MQTT 5 client for security tests: one connection, no reconnect, and the broker's reason codes (CONNACK,
 * PUBACK, SUBACK) returned instead of hidden, so a test can assert that the broker refused. Must be closed.
 */
public final class RawMqttClient implements AutoCloseable {
    /** MQTT 5 reason code 0x87: not authorised. */
    public static final int NOT_AUTHORIZED = 0x87;
    private static final long WAIT_MS = 10_000;

    private final MqttAsyncClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile String disconnectReason = "";

    private RawMqttClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** A socket factory presenting {@code pki/clients/NAME.pem} and trusting {@code ca}. */
    public static SocketFactory tls(Path ca, Path pki, String name) {
        return PemTls.socketFactory(ca, Optional.of(pki.resolve("clients").resolve(name + ".pem")),
                Optional.of(pki.resolve("clients").resolve(name + "-key.pem")));
    }

    /**
     * Connects as {@code clientId} (persistent session of an hour when {@code persistent}); throws the broker's
     * refusal as {@link MqttException} (its reason code, e.g. {@link #NOT_AUTHORIZED}).
     */
    public static RawMqttClient connect(String uri, String clientId, SocketFactory sockets, Optional<String> user,
                                        Optional<String> password, boolean persistent) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        RawMqttClient r = new RawMqttClient(c);
        c.setCallback(r.new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(!persistent);
        o.setSessionExpiryInterval(persistent ? 3600L : 0L);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (sockets != null) {
            o.setSocketFactory(sockets);
        }
        user.ifPresent(o::setUserName);
        password.ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        try {
            c.connect(o).waitForCompletion(WAIT_MS);
        } catch (MqttException e) {
            closeQuietly(c);
            throw e;
        }
        return r;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code (0: accepted). */
    public int publish(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            IMqttToken t = client.publish(topic, m);
            t.waitForCompletion(WAIT_MS);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xA2) {
                return e.getReasonCode();
            }
            throw e;
        }
    }

    /** Subscribes at QoS 1 and returns the SUBACK reason code (0 or 1: granted). */
    public int subscribe(String filter) throws MqttException {
        IMqttToken t = client.subscribe(new MqttSubscription(filter, 1));
        try {
            t.waitForCompletion(WAIT_MS);
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xA2) {
                return e.getReasonCode();
            }
            throw e;
        }
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? -1 : codes[0];
    }

    /** The next message received ({@code topic payload}), waiting up to 10 s; empty if none came. */
    public Optional<String> next() throws InterruptedException {
        return Optional.ofNullable(received.poll(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    /** Whether the connection is still up. */
    public boolean connected() {
        return client.isConnected();
    }

    /** Waits up to 10 s for the broker to drop this connection; whether it did. */
    public boolean awaitDisconnected() throws InterruptedException {
        synchronized (this) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (client.isConnected() && System.nanoTime() < end) {
                wait(50);
            }
        }
        return !client.isConnected();
    }

    /** Why the broker disconnected this client, if it did. */
    public String disconnectReason() {
        return disconnectReason;
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, true);
            }
        } catch (MqttException e) {
            // already gone
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            disconnectReason = "reason code 0x" + Integer.toHexString(r.getReturnCode())
                    + (r.getReasonString() == null ? "" : " " + r.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
