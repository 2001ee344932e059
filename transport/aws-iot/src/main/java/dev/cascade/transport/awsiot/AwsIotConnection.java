package dev.cascade.transport.awsiot;

import dev.cascade.transport.mqtt.Delivery;
import dev.cascade.transport.mqtt.MessageHandler;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.MqttTransportException;
import dev.cascade.transport.mqtt.PublishOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.ClientSessionBehavior;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.LifecycleEvents;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.PublishEvents;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.PublishReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.crt.mqtt5.packets.UserProperty;
import software.amazon.awssdk.crt.io.ExponentialBackoffRetryOptions.JitterMode;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * The edge's uplink over the AWS IoT Device SDK for Java v2 (MQTT 5, mutual TLS with the device's X.509 certificate):
 * a persistent session (QoS 1 commands sent while the device was offline arrive when it is back), reconnects with
 * exponential backoff and full jitter, and the same {@link MqttLink} surface as the Paho connection. The SDK resumes
 * the session itself (REJOIN_ALWAYS) and every route is subscribed again on each connection (a broker that lost the
 * session has none). Thread-safe; must be closed.
 */
public final class AwsIotConnection implements MqttLink {
    private static final Logger log = LoggerFactory.getLogger(AwsIotConnection.class);

    private final AwsIotSettings settings;
    private final Mqtt5Client client;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongAdder connections = new LongAdder();
    private volatile boolean up;
    private volatile String lastFailure = "";
    private volatile CompletableFuture<Void> subscribedOnConnect = new CompletableFuture<>();

    private record Route(dev.cascade.transport.mqtt.TopicFilter filter, String raw, int qos, MessageHandler handler) {}

    private AwsIotConnection(AwsIotSettings settings) {
        this.settings = settings;
        AwsIotMqtt5ClientBuilder b = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(settings.host(),
                settings.clientCertFile().toString(), settings.clientKeyFile().toString());
        try {
            b.withPort((long) settings.port());
            settings.caFile().ifPresent(ca -> b.withCertificateAuthorityFromPath(null, ca.toString()));
            ConnectPacket.ConnectPacketBuilder connect = new ConnectPacket.ConnectPacketBuilder()
                    .withClientId(settings.clientId())
                    .withSessionExpiryIntervalSeconds(settings.sessionExpiry().toSeconds())
                    .withKeepAliveIntervalSeconds(30L);
            b.withConnectProperties(connect);
            b.withSessionBehavior(ClientSessionBehavior.REJOIN_ALWAYS);
            b.withRetryJitterMode(JitterMode.Full);
            b.withMinReconnectDelayMs(Math.max(1, settings.minReconnectDelay().toMillis()));
            b.withMaxReconnectDelayMs(Math.max(1, settings.maxReconnectDelay().toMillis()));
            b.withExtendedValidationAndFlowControlOptions(settings.awsIotCoreLimits()
                    ? ExtendedValidationAndFlowControlOptions.AWS_IOT_CORE_DEFAULTS
                    : ExtendedValidationAndFlowControlOptions.NONE);
            b.withLifeCycleEvents(new Lifecycle());
            b.withPublishEvents(new Incoming());
            this.client = b.build();
        } finally {
            b.close();
        }
    }

    /** Connects, waiting up to the connect timeout; afterwards reconnects by itself. */
    public static AwsIotConnection open(AwsIotSettings settings) {
        return open(settings, List.of());
    }

    /**
     * Connects with {@code routes} in place before the first message can arrive (so QoS 1 messages a resumed session
     * delivers at once reach their handlers), then subscribes to each.
     */
    public static AwsIotConnection open(AwsIotSettings settings, List<dev.cascade.transport.mqtt.MqttConnection.Route> routes) {
        AwsIotConnection c = openEventually(settings, routes);
        try {
            if (!c.firstConnect.await(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MqttTransportException("cannot connect " + settings.clientId() + " to " + settings.host() + ":"
                        + settings.port() + " within " + settings.connectTimeout() + ": " + c.lastFailure, null);
            }
            try {
                c.subscribedOnConnect.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof MqttTransportException m ? m
                        : new MqttTransportException("cannot subscribe " + settings.clientId() + ": " + e.getCause(), e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new MqttTransportException("no SUBACK for " + settings.clientId() + " within "
                        + settings.connectTimeout(), e);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new MqttTransportException("interrupted connecting " + settings.clientId(), e);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Starts connecting in the background (the SDK retries with backoff and jitter until it is closed) and returns at
     * once; {@code routes} are in place before the first connection and subscribed on every connection. Publishing
     * before it is connected fails the future. For an edge that must start while the cloud is away.
     */
    public static AwsIotConnection openEventually(AwsIotSettings settings,
                                                  List<dev.cascade.transport.mqtt.MqttConnection.Route> routes) {
        AwsIotConnection c = new AwsIotConnection(settings);
        for (var r : routes) {
            c.routes.add(new Route(new dev.cascade.transport.mqtt.TopicFilter(r.filter()), r.filter(), r.qos(), r.handler()));
        }
        try {
            c.client.start();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Subscribes every route in one SUBSCRIBE (after each connection: a broker that lost the session needs them again). */
    private CompletableFuture<Void> subscribeRoutes() {
        List<Route> all = List.copyOf(routes);
        if (all.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        SubscribePacket.SubscribePacketBuilder b = new SubscribePacket.SubscribePacketBuilder();
        for (Route r : all) {
            b.withSubscription(r.raw(), r.qos() == 0 ? QOS.AT_MOST_ONCE : QOS.AT_LEAST_ONCE);
        }
        return client.subscribe(b.build()).thenAccept(ack -> {
            for (int i = 0; i < ack.getReasonCodes().size() && i < all.size(); i++) {
                int code = ack.getReasonCodes().get(i).getValue();
                if (code >= 0x80) {
                    throw new MqttTransportException("broker refused subscription to " + all.get(i).raw()
                            + " (reason code 0x" + Integer.toHexString(code) + ")", null);
                }
            }
        });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, PublishOptions options) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed.get()) {
            done.completeExceptionally(new MqttTransportException("connection " + settings.clientId() + " is closed", null));
            return done;
        }
        PublishPacket.PublishPacketBuilder p = new PublishPacket.PublishPacketBuilder().withTopic(topic)
                .withQOS(qos == 0 ? QOS.AT_MOST_ONCE : QOS.AT_LEAST_ONCE).withPayload(payload).withRetain(false);
        options.contentType().ifPresent(p::withContentType);
        options.messageExpiry().ifPresent(e -> p.withMessageExpiryIntervalSeconds(e.toSeconds()));
        if (!options.userProperties().isEmpty()) {
            List<UserProperty> ups = new ArrayList<>();
            for (Map.Entry<String, String> e : options.userProperties().entrySet()) {
                ups.add(new UserProperty(e.getKey(), e.getValue()));
            }
            p.withUserProperties(ups);
        }
        client.publish(p.build()).whenComplete((PublishResult r, Throwable e) -> {
            if (e != null) {
                done.completeExceptionally(new MqttTransportException("publish to " + topic + " failed: " + e, e));
                return;
            }
            PubAckPacket ack = r == null ? null : r.getResultPubAck();
            if (ack != null && ack.getReasonCode().getValue() >= 0x80) {
                done.completeExceptionally(new MqttTransportException("broker refused the publish to " + topic
                        + " (reason code 0x" + Integer.toHexString(ack.getReasonCode().getValue()) + ")", null));
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public void subscribe(String filter, int qos, MessageHandler handler) {
        Route route = new Route(new dev.cascade.transport.mqtt.TopicFilter(filter), filter, qos, handler);
        routes.add(route);
        if (!up) {
            // Not connected (yet): subscribed with the others when the connection comes up.
            return;
        }
        try {
            brokerSubscribe(filter, qos);
        } catch (RuntimeException e) {
            routes.remove(route);
            throw e;
        }
    }

    private void brokerSubscribe(String filter, int qos) {
        SubscribePacket s = new SubscribePacket.SubscribePacketBuilder()
                .withSubscription(filter, qos == 0 ? QOS.AT_MOST_ONCE : QOS.AT_LEAST_ONCE).build();
        try {
            SubAckPacket ack = client.subscribe(s).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int code = ack.getReasonCodes().get(0).getValue();
            if (code >= 0x80) {
                throw new MqttTransportException("broker refused subscription to " + filter + " (reason code 0x"
                        + Integer.toHexString(code) + ")", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttTransportException("interrupted subscribing to " + filter, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new MqttTransportException("cannot subscribe to " + filter + ": " + e, e);
        }
    }

    @Override
    public boolean connected() {
        return up;
    }

    @Override
    public String clientId() {
        return settings.clientId();
    }

    /** Successful connections so far (1 + reconnects). */
    public long connections() {
        return connections.sum();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.stop(null);
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                log.warn("AWS IoT client {} did not stop within 5 s", settings.clientId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("stop of {}: {}", settings.clientId(), e.toString());
        } finally {
            client.close();
        }
    }

    private final class Lifecycle implements LifecycleEvents {
        @Override
        public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {}

        @Override
        public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
            up = true;
            connections.increment();
            CompletableFuture<Void> subscribed = subscribeRoutes();
            subscribed.whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("AWS IoT link {}: subscriptions after connecting failed: {}", settings.clientId(), e.toString());
                }
            });
            subscribedOnConnect = subscribed;
            firstConnect.countDown();
            log.info("AWS IoT link {} connected (session present: {})", settings.clientId(),
                    r.getConnAckPacket().getSessionPresent());
        }

        @Override
        public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
            up = false;
            lastFailure = "error " + r.getErrorCode()
                    + (r.getConnAckPacket() == null ? "" : ", CONNACK " + r.getConnAckPacket().getReasonCode());
            log.debug("AWS IoT link {} failed to connect: {}", settings.clientId(), lastFailure);
        }

        @Override
        public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
            up = false;
            if (!closed.get()) {
                log.warn("AWS IoT link {} lost (error {}); reconnecting with backoff", settings.clientId(), r.getErrorCode());
            }
        }

        @Override
        public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
            up = false;
            stopped.countDown();
        }
    }

    private static Map<String, String> userProperties(PublishPacket p) {
        List<UserProperty> ups = p.getUserProperties();
        if (ups == null || ups.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (UserProperty u : ups) {
            out.putIfAbsent(u.key, u.value);
        }
        return Map.copyOf(out);
    }

    private final class Incoming implements PublishEvents {
        @Override
        public void onMessageReceived(Mqtt5Client c, PublishReturn r) {
            PublishPacket p = r.getPublishPacket();
            String topic = p.getTopic();
            for (Route route : routes) {
                if (route.filter().matches(topic)) {
                    boolean retained = Boolean.TRUE.equals(p.getRetain());
                    Map<String, String> props = userProperties(p);
                    try {
                        route.handler().onMessage(topic, p.getPayload() == null ? new byte[0] : p.getPayload(), new Delivery() {
                            @Override
                            public void ack() {}

                            @Override
                            public boolean duplicate() {
                                return false;
                            }

                            @Override
                            public boolean retained() {
                                return retained;
                            }

                            @Override
                            public Map<String, String> userProperties() {
                                return props;
                            }
                        });
                    } catch (Exception e) {
                        log.warn("handler of {} failed on {}: {}", route.filter(), topic, e.toString());
                    }
                    return;
                }
            }
        }
    }
}
