package dev.cascade.sim.transport;

import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.sim.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool of Paho MQTT 5 connections (TCP_NODELAY on) that many devices share: a device is
 * pinned to one connection by its id, publishes on its own topics through it, and that connection
 * holds the device's command subscription (renewed after an automatic reconnect). In-flight QoS 1
 * publishes per connection are bounded by the broker's receive maximum; publishers block beyond it.
 * Thread-safe; must be closed.
 */
public final class PahoTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(PahoTransport.class);
    private static final int SUBSCRIBE_BATCH = 200;

    private final MqttEndpoint endpoint;
    private final String clientIdPrefix;
    private final int qos;
    private final int maxInflight;
    private final List<Connection> connections = new ArrayList<>();
    private final int size;

    /**
     * @param connections how many MQTT connections to spread the devices over
     * @param clientIdPrefix client ids are {@code prefix-0}, {@code prefix-1}, ...
     * @param qos 0 or 1 for windows and acknowledgements
     * @param maxInflight upper bound on unacknowledged publishes per connection
     */
    public PahoTransport(MqttEndpoint endpoint, int connections, String clientIdPrefix, int qos, int maxInflight) {
        this.endpoint = Checks.notNull(endpoint, "endpoint");
        this.size = Checks.positive(connections, "connections");
        Checks.check(clientIdPrefix != null && clientIdPrefix.matches("[A-Za-z0-9_-]{1,40}"), "clientIdPrefix",
                "1-40 characters of [A-Za-z0-9_-]", clientIdPrefix);
        this.clientIdPrefix = clientIdPrefix;
        Checks.check(qos == 0 || qos == 1, "qos", "0 or 1", qos);
        this.qos = qos;
        this.maxInflight = Checks.positive(maxInflight, "maxInflight");
    }

    @Override
    public void start(Map<DeviceId, String> subscriptions, Inbound inbound) throws TransportException {
        Checks.notNull(inbound, "inbound");
        List<List<String>> topicsByConnection = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            topicsByConnection.add(new ArrayList<>());
        }
        subscriptions.forEach((device, topic) -> topicsByConnection.get(indexOf(device)).add(topic));
        try {
            for (int i = 0; i < size; i++) {
                Connection c = new Connection(clientIdPrefix + "-" + i, topicsByConnection.get(i), inbound);
                connections.add(c);
                c.connect();
            }
        } catch (MqttException e) {
            close();
            throw new TransportException("cannot connect to " + endpoint.serverUri() + ": " + e.getMessage(), e);
        }
    }

    private int indexOf(DeviceId device) {
        return Math.floorMod(device.value().hashCode(), size);
    }

    @Override
    public Link link(DeviceId device) {
        if (connections.size() != size) {
            throw new IllegalStateException("transport is not started");
        }
        return connections.get(indexOf(device));
    }

    @Override
    public void close() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            connections.get(i).close();
        }
        connections.clear();
    }

    private final class Connection implements Link, MqttCallback {
        private final String clientId;
        private final List<String> topics;
        private final Inbound inbound;
        private final MqttAsyncClient client;
        private volatile Semaphore inflight = new Semaphore(1);

        Connection(String clientId, List<String> topics, Inbound inbound) throws MqttException {
            this.clientId = clientId;
            this.topics = topics;
            this.inbound = inbound;
            this.client = new MqttAsyncClient(endpoint.serverUri(), clientId, new MemoryPersistence());
            client.setCallback(this);
        }

        void connect() throws MqttException {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 10);
            o.setSocketFactory(new NoDelaySocketFactory());
            o.setConnectionTimeout((int) endpoint.connectTimeout().toSeconds());
            o.setKeepAliveInterval((int) endpoint.keepAlive().toSeconds());
            endpoint.username().ifPresent(o::setUserName);
            endpoint.password().ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            IMqttToken token = client.connect(o);
            token.waitForCompletion(endpoint.connectTimeout().toMillis());
            Integer receiveMax = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            int permits = Math.min(maxInflight, receiveMax == null ? 65_535 : receiveMax);
            inflight = new Semaphore(permits);
            subscribeAll();
            LOG.debug("{} connected to {} ({} in flight, {} subscriptions)", clientId, endpoint.serverUri(), permits,
                    topics.size());
        }

        private void subscribeAll() throws MqttException {
            for (int from = 0; from < topics.size(); from += SUBSCRIBE_BATCH) {
                List<String> batch = topics.subList(from, Math.min(topics.size(), from + SUBSCRIBE_BATCH));
                MqttSubscription[] subs = new MqttSubscription[batch.size()];
                for (int i = 0; i < subs.length; i++) {
                    subs[i] = new MqttSubscription(batch.get(i), 1);
                }
                client.subscribe(subs).waitForCompletion(endpoint.connectTimeout().toMillis());
            }
        }

        @Override
        public void publish(String topic, byte[] payload, String contentType, CorrelationId correlationId,
                            Delivery delivery) {
            Semaphore permits = inflight;
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                delivery.failed(e);
                return;
            }
            MqttMessage m = new MqttMessage(payload);
            m.setQos(qos);
            MqttProperties p = new MqttProperties();
            p.setContentType(contentType);
            p.setUserProperties(List.of(new UserProperty(Headers.CORRELATION_ID, correlationId.value())));
            m.setProperties(p);
            try {
                client.publish(topic, m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        permits.release();
                        delivery.delivered();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable cause) {
                        permits.release();
                        delivery.failed(cause);
                    }
                });
            } catch (MqttException | RuntimeException e) {
                permits.release();
                delivery.failed(e);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbound.onMessage(topic, message.getPayload());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                LOG.info("{} reconnected to {}; renewing {} subscriptions", clientId, serverURI, topics.size());
                Thread t = new Thread(() -> {
                    try {
                        subscribeAll();
                    } catch (MqttException e) {
                        LOG.warn("{} could not renew subscriptions: {}", clientId, e.toString());
                    }
                }, clientId + "-resubscribe");
                t.setDaemon(true);
                t.start();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("{} disconnected: {}", clientId, response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{} MQTT error: {}", clientId, exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }

        void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
            } catch (MqttException e) {
                LOG.debug("{} disconnect: {}", clientId, e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("{} close: {}", clientId, e.toString());
            }
        }
    }
}
