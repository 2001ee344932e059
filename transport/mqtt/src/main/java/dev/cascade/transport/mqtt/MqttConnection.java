package dev.cascade.transport.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 client connection (Eclipse Paho) with what every role needs and Paho lacks: TCP_NODELAY,
 * shared subscriptions dispatched to their handlers, manual acknowledgement, reconnection with exponential backoff
 * and full jitter ({@link MqttSettings#reconnect}; Paho's own automatic reconnect has no jitter, so a fleet whose
 * broker restarts would come back in lockstep) and resubscription after it, a bounded in-flight window for
 * publishes, and handler failures that are counted instead of dropping the connection. While reconnecting it owns
 * one thread ({@code cascade-mqtt-connect-<client id>}). Thread-safe; must be closed.
 */
public final class MqttConnection implements MqttLink {
    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    /** How long close() lets work in flight finish, then how long it waits for the DISCONNECT to be sent. */
    private static final long QUIESCE_MS = 2_000;
    private static final long DISCONNECT_SEND_MS = 1_000;
    /** How long a close (or an abandoned attempt) waits for Paho's connect task to finish starting its threads. */
    private static final long CONNECT_TASK_WAIT_MS = 3_000;

    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Semaphore inflight;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    /** Whether a thread is (re)connecting now. */
    private final AtomicBoolean connecting = new AtomicBoolean();
    /** Orders the start of a connect attempt against close(). */
    private final Object lifecycle = new Object();
    /** Whether a connect attempt is between its start and its outcome, and since when (System.nanoTime). */
    private volatile boolean attemptInFlight;
    private volatile long attemptStartedNanos;
    /** Guarded by itself. */
    private final ReconnectDelays delays;
    /** The options of the last connect (Paho reconnects with them). */
    private volatile MqttConnectionOptions lastOptions;
    private final LongAdder published = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder unrouted = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder connectionLosses = new LongAdder();
    private final List<Runnable> connectionListeners = new CopyOnWriteArrayList<>();

    private record Subscription(String filter, int qos, TopicFilter matcher, MessageHandler handler) {}

    /** Exact filters by hash, wildcard and shared filters by scan (in subscription order). */
    private static final class Subscriptions {
        private final java.util.concurrent.ConcurrentHashMap<String, Subscription> exact = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Subscription> patterns = new CopyOnWriteArrayList<>();
        private final List<Subscription> all = new CopyOnWriteArrayList<>();

        void add(Subscription s) {
            all.add(s);
            if (s.filter().startsWith("$share/") || s.filter().contains("+") || s.filter().contains("#")) {
                patterns.add(s);
            } else {
                exact.putIfAbsent(s.filter(), s);
            }
        }

        void remove(Subscription s) {
            all.remove(s);
            patterns.remove(s);
            exact.remove(s.filter(), s);
        }

        Subscription match(String topic) {
            Subscription s = exact.get(topic);
            if (s != null) {
                return s;
            }
            for (Subscription p : patterns) {
                if (p.matcher().matches(topic)) {
                    return p;
                }
            }
            return null;
        }

        List<Subscription> all() {
            return List.copyOf(all);
        }
    }

    /** What this connection has done so far. */
    public record Stats(long published, long publishFailures, long received, long unrouted, long handlerFailures,
                        long connectionLosses, boolean connected) {}

    private MqttConnection(MqttSettings settings) throws MqttException {
        this.settings = settings;
        this.inflight = new Semaphore(settings.maxInflight());
        this.delays = new ReconnectDelays(settings.reconnect(), new java.util.SplittableRandom(), java.time.InstantSource.system());
        this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        client.setManualAcks(settings.manualAcks());
        client.setCallback(new Callback());
    }

    /** A subscription to make as soon as the connection is up. */
    public record Route(String filter, int qos, MessageHandler handler) {
        public Route {
            if (filter == null || filter.isBlank()) {
                throw new IllegalArgumentException("filter must not be blank, was " + filter);
            }
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
            }
            if (handler == null) {
                throw new IllegalArgumentException("handler must not be null");
            }
        }
    }

    /** Connects, waiting up to the connect timeout; afterwards reconnects by itself. */
    public static MqttConnection open(MqttSettings settings) {
        return open(settings, List.of());
    }

    /**
     * Connects with {@code routes} in place before the first message can arrive, so that messages a
     * resumed session redelivers at once reach their handlers; then subscribes to each route.
     */
    public static MqttConnection open(MqttSettings settings, List<Route> routes) {
        PahoReceivePath.warnIfByteAtATime();
        MqttConnection c;
        try {
            c = new MqttConnection(settings);
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client " + settings.clientId() + ": " + e.getMessage(), e);
        }
        try {
            for (Route r : routes) {
                c.subscriptions.add(new Subscription(r.filter(), r.qos(), new TopicFilter(r.filter()), r.handler()));
            }
            c.connect();
            c.brokerSubscribe(routes);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A connection that connects in the background, retrying with backoff and full jitter ({@link MqttSettings#reconnect})
     * until it is connected or closed; afterwards it reconnects by itself like {@link #open}. Subscriptions made
     * before it connected are sent once it does; publishing before then fails the future. For roles that must
     * start while the broker is away (an edge device offline is normal).
     */
    public static MqttConnection openEventually(MqttSettings settings) {
        return openEventually(settings, List.of());
    }

    /**
     * As {@link #openEventually(MqttSettings)}, with {@code routes} in place before the first connection, so that QoS 1
     * messages a resumed session delivers at once reach their handlers.
     */
    public static MqttConnection openEventually(MqttSettings settings, List<Route> routes) {
        PahoReceivePath.warnIfByteAtATime();
        MqttConnection c;
        try {
            c = new MqttConnection(settings);
        } catch (MqttException e) {
            throw new MqttTransportException("cannot create MQTT client " + settings.clientId() + ": " + e.getMessage(), e);
        }
        for (Route r : routes) {
            c.subscriptions.add(new Subscription(r.filter(), r.qos(), new TopicFilter(r.filter()), r.handler()));
        }
        c.connecting.set(true);
        c.startConnecting(false);
        return c;
    }

    private void startConnecting(boolean waitFirst) {
        Thread t = new Thread(() -> keepConnecting(waitFirst), "cascade-mqtt-connect-" + settings.clientId());
        t.setDaemon(true);
        t.start();
    }

    /** After a lost connection: one thread retries (the {@code connecting} flag makes sure there is only one). */
    private void reconnect() {
        if (!closed.get() && connecting.compareAndSet(false, true)) {
            startConnecting(true);
        }
    }

    /** Runs on the connecting thread, which holds {@code connecting}, until connected or closed. */
    private void keepConnecting(boolean waitFirst) {
        boolean wait = waitFirst;
        try {
            while (!closed.get()) {
                if (wait) {
                    Duration d;
                    synchronized (delays) {
                        d = delays.next();
                    }
                    log.debug("{}: next connection attempt in {} ms", settings.clientId(), d.toMillis());
                    try {
                        if (closing.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wait = true;
                try {
                    if (!client.isConnected()) { // an attempt that timed out may have connected after all
                        connect();
                    }
                    renewSubscriptions();
                    log.info("{} {} to {}", settings.clientId(), waitFirst ? "reconnected" : "connected",
                            settings.serverUri());
                    return;
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    log.warn("{} cannot reach {} ({}); trying again with backoff", settings.clientId(),
                            settings.serverUri(), e.getMessage());
                }
            }
        } finally {
            connecting.set(false);
        }
        // Lost again between connecting and clearing the flag: that loss found the flag set and started nobody.
        if (!closed.get() && !client.isConnected()) {
            reconnect();
        }
    }

    private void renewSubscriptions() {
        List<Subscription> all = subscriptions.all();
        for (int from = 0; from < all.size(); from += FILTERS_PER_PACKET) {
            List<Subscription> part = all.subList(from, Math.min(all.size(), from + FILTERS_PER_PACKET));
            MqttSubscription[] subs = new MqttSubscription[part.size()];
            for (int i = 0; i < subs.length; i++) {
                subs[i] = subscription(part.get(i).filter(), part.get(i).qos());
            }
            try {
                client.subscribe(subs);
            } catch (MqttException e) {
                log.warn("{} could not renew {} subscription(s): {}", settings.clientId(), subs.length, e.toString());
            }
        }
    }

    private void connect() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(settings.cleanStart());
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        // Reconnects are ours (backoff with full jitter, see keepConnecting); Paho's have no jitter.
        o.setAutomaticReconnect(false);
        o.setReceiveMaximum(settings.maxInflight());
        o.setSocketFactory(settings.tls().isPresent() ? settings.tls().get() : new NoDelaySocketFactory());
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        lastOptions = o;
        org.eclipse.paho.mqttv5.client.IMqttToken token;
        synchronized (lifecycle) {
            // close() waits for an attempt it meets; none may begin after it.
            if (closed.get()) {
                throw new MqttTransportException("connection " + settings.clientId() + " is closed", null);
            }
            attemptStartedNanos = System.nanoTime();
            attemptInFlight = true;
            try {
                token = client.connect(o);
            } catch (MqttException e) {
                attemptInFlight = false;
                throw new MqttTransportException("cannot connect " + settings.clientId() + " to " + settings.serverUri()
                        + ": " + e.getMessage(), e);
            }
        }
        try {
            awaitConnected(token, settings.connectTimeout().toMillis() + 1000);
            synchronized (delays) {
                delays.connected();
            }
        } catch (MqttException e) {
            if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                    && !closed.get()) {
                abandonAttempt();
            }
            throw new MqttTransportException("cannot connect " + settings.clientId() + " to " + settings.serverUri()
                    + ": " + e.getMessage(), e);
        } finally {
            attemptInFlight = false;
        }
    }

    /**
     * Waits for a connect token, in slices so that a close is noticed: a client shut down while it waits for a CONNACK
     * does not always complete the token.
     */
    private void awaitConnected(org.eclipse.paho.mqttv5.client.IMqttToken token, long timeoutMillis) throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                token.waitForCompletion(Math.max(1, Math.min(left, 200)));
                return;
            } catch (MqttException e) {
                boolean timedOut = e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
                if (!timedOut || left <= 200) {
                    throw e;
                }
                if (closed.get()) {
                    throw new MqttTransportException("connection " + settings.clientId() + " closed while connecting", e);
                }
            }
        }
    }

    /**
     * An attempt whose broker took the TCP connection but never answered stays "connecting" in Paho, which refuses
     * every later attempt while it does: shut it down so that the next one can begin.
     */
    private void abandonAttempt() {
        PahoThreads.awaitConnectTask(settings.clientId(), attemptStartedNanos, CONNECT_TASK_WAIT_MS);
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("abandoning the connect attempt of {}: {}", settings.clientId(), e.toString());
        }
    }

    /**
     * Subscribes {@code handler} to {@code filter} (which may be a {@code $share/group/...} filter) and waits
     * for the broker's acknowledgement. Subscriptions are renewed after every reconnect.
     */
    @Override
    public void subscribe(String filter, int qos, MessageHandler handler) {
        subscribeAll(List.of(new Route(filter, qos, handler)));
    }

    /**
     * Subscribes many routes at once (SUBSCRIBE packets of up to 500 filters) and waits for the broker.
     * Messages on exact topics are routed by a hash lookup, so thousands of per-device subscriptions on
     * one connection cost nothing per message.
     */
    public void subscribeAll(List<Route> routes) {
        List<Subscription> added = new ArrayList<>();
        for (Route r : routes) {
            Subscription s = new Subscription(r.filter(), r.qos(), new TopicFilter(r.filter()), r.handler());
            subscriptions.add(s);
            added.add(s);
        }
        if (!client.isConnected()) {
            // Not connected (yet): the subscriptions are sent when it connects (openEventually) or reconnects.
            return;
        }
        try {
            brokerSubscribe(routes);
        } catch (RuntimeException e) {
            for (Subscription s : added) {
                subscriptions.remove(s);
            }
            throw e;
        }
    }

    private static final int FILTERS_PER_PACKET = 500;

    /** Retain as published, so that handlers can tell (and refuse) a message published with retain. */
    private static MqttSubscription subscription(String filter, int qos) {
        MqttSubscription s = new MqttSubscription(filter, qos);
        s.setRetainAsPublished(true);
        return s;
    }

    private void brokerSubscribe(List<Route> routes) {
        for (int from = 0; from < routes.size(); from += FILTERS_PER_PACKET) {
            List<Route> part = routes.subList(from, Math.min(routes.size(), from + FILTERS_PER_PACKET));
            MqttSubscription[] subs = new MqttSubscription[part.size()];
            for (int i = 0; i < subs.length; i++) {
                subs[i] = subscription(part.get(i).filter(), part.get(i).qos());
            }
            try {
                IMqttToken t = client.subscribe(subs);
                t.waitForCompletion(settings.connectTimeout().toMillis());
                int[] codes = t.getReasonCodes();
                for (int i = 0; codes != null && i < codes.length && i < subs.length; i++) {
                    if (codes[i] >= 0x80) {
                        throw new MqttTransportException("broker refused subscription to " + subs[i].getTopic()
                                + " (reason code 0x" + Integer.toHexString(codes[i]) + ")", null);
                    }
                }
            } catch (MqttException e) {
                throw new MqttTransportException("cannot subscribe to " + part.size() + " filter(s) starting with "
                        + part.get(0).filter() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Publishes; the future completes when the broker has it (QoS 1: PUBACK) and fails if it cannot be
     * sent. Waits for room when the in-flight window is full (up to the connect timeout).
     */
    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, PublishOptions options) {
        return send(topic, payload, qos, options, false);
    }

    /**
     * As {@link #publish}, with the retain flag: the broker keeps the message for later subscribers of {@code topic}
     * (an empty payload clears what it kept). For announcements such as over-the-air model offers.
     */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload, int qos, PublishOptions options) {
        return send(topic, payload, qos, options, true);
    }

    private CompletableFuture<Void> send(String topic, byte[] payload, int qos, PublishOptions options, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed.get()) {
            done.completeExceptionally(new MqttTransportException("connection " + settings.clientId() + " is closed", null));
            return done;
        }
        boolean permit = qos == 0;
        try {
            if (!permit && !inflight.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                publishFailures.increment();
                done.completeExceptionally(new MqttTransportException("no room in the in-flight window of "
                        + settings.clientId() + " (" + settings.maxInflight() + ") within " + settings.connectTimeout(), null));
                return done;
            }
            MqttMessage m = new MqttMessage(payload);
            m.setQos(qos);
            m.setRetained(retain);
            m.setProperties(properties(options));
            boolean held = !permit;
            client.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (held) {
                        inflight.release();
                    }
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        // PUBACK with an error (e.g. 0x87 not authorised by the broker's ACL): not delivered
                        publishFailures.increment();
                        done.completeExceptionally(new MqttTransportException("broker refused the publish to " + topic
                                + " (reason code 0x" + Integer.toHexString(codes[0]) + ")", null));
                        return;
                    }
                    published.increment();
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    if (held) {
                        inflight.release();
                    }
                    publishFailures.increment();
                    done.completeExceptionally(new MqttTransportException("publish to " + topic + " failed: " + e, e));
                }
            });
        } catch (MqttException e) {
            if (!permit) {
                inflight.release();
            }
            publishFailures.increment();
            done.completeExceptionally(new MqttTransportException("publish to " + topic + " failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publishFailures.increment();
            done.completeExceptionally(e);
        }
        return done;
    }

    private static MqttProperties properties(PublishOptions options) {
        MqttProperties p = new MqttProperties();
        options.contentType().ifPresent(p::setContentType);
        options.messageExpiry().ifPresent(e -> p.setMessageExpiryInterval(e.toSeconds()));
        if (!options.userProperties().isEmpty()) {
            List<UserProperty> ups = new ArrayList<>();
            for (Map.Entry<String, String> e : options.userProperties().entrySet()) {
                ups.add(new UserProperty(e.getKey(), e.getValue()));
            }
            p.setUserProperties(ups);
        }
        return p;
    }

    /** Runs {@code listener} after every (re)connection, once subscriptions are renewed. */
    public void onConnected(Runnable listener) {
        connectionListeners.add(listener);
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public String clientId() {
        return settings.clientId();
    }

    public Stats stats() {
        return new Stats(published.sum(), publishFailures.sum(), received.sum(), unrouted.sum(), handlerFailures.sum(),
                connectionLosses.sum(), client.isConnected());
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        }
        closing.countDown();
        if (attemptInFlight) {
            PahoThreads.awaitConnectTask(settings.clientId(), attemptStartedNanos, CONNECT_TASK_WAIT_MS);
        }
        boolean connected = client.isConnected();
        // Shut the connection down on this thread, whatever its state: Paho refuses close() while a connect attempt
        // is in flight (its threads then live on, waiting for a CONNACK), and an asynchronous disconnect that
        // outlives its wait turns close() into a pending close that stops nothing.
        try {
            if (connected) {
                client.disconnectForcibly(QUIESCE_MS, DISCONNECT_SEND_MS, true);
            } else {
                client.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("disconnect of {}: {}", settings.clientId(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("close of {}: {}", settings.clientId(), e.toString());
        }
        PahoReconnectTimer.stop(client, lastOptions);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.increment();
            Delivery delivery = withProperties(delivery(message), message);
            Subscription s = subscriptions.match(topic);
            if (s != null) {
                try {
                    s.handler().onMessage(topic, message.getPayload(), delivery);
                } catch (Exception | Error e) {
                    handlerFailures.increment();
                    log.error("handler for {} failed on a message from {}; message left unacknowledged", s.filter(), topic, e);
                }
                return;
            }
            // No handler: with manual acks the message stays unacknowledged so the broker can redeliver it.
            unrouted.increment();
            if (!settings.manualAcks()) {
                delivery.ack();
            }
        }

        private Delivery withProperties(Delivery d, MqttMessage message) {
            MqttProperties p = message.getProperties();
            List<UserProperty> ups = p == null ? null : p.getUserProperties();
            if (ups == null || ups.isEmpty()) {
                return d;
            }
            Map<String, String> props = new java.util.HashMap<>();
            for (UserProperty u : ups) {
                props.putIfAbsent(u.getKey(), u.getValue());
            }
            Map<String, String> frozen = Map.copyOf(props);
            return new Delivery() {
                @Override
                public void ack() {
                    d.ack();
                }

                @Override
                public boolean duplicate() {
                    return d.duplicate();
                }

                @Override
                public boolean retained() {
                    return d.retained();
                }

                @Override
                public Map<String, String> userProperties() {
                    return frozen;
                }
            };
        }

        private Delivery delivery(MqttMessage message) {
            boolean retained = message.isRetained();
            if (!settings.manualAcks() || message.getQos() == 0) {
                return AutoDelivery.of(message.isDuplicate(), retained);
            }
            int id = message.getId();
            int qos = message.getQos();
            boolean dup = message.isDuplicate();
            AtomicBoolean acked = new AtomicBoolean();
            return new Delivery() {
                @Override
                public void ack() {
                    if (acked.compareAndSet(false, true)) {
                        try {
                            client.messageArrivedComplete(id, qos);
                        } catch (MqttException e) {
                            log.warn("ack of message {} on {} failed: {}", id, settings.clientId(), e.toString());
                        }
                    }
                }

                @Override
                public boolean duplicate() {
                    return dup;
                }

                @Override
                public boolean retained() {
                    return retained;
                }
            };
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed.get()) {
                connectionLosses.increment();
                log.warn("{} lost its connection to {}: {}", settings.clientId(), settings.serverUri(), response);
                reconnect();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            log.warn("{}: MQTT error {}", settings.clientId(), e.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                log.info("{} reconnected to {}", settings.clientId(), serverUri);
                renewSubscriptions();
            }
            for (Runnable r : connectionListeners) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("connection listener of {} failed", settings.clientId(), e);
                }
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private enum AutoDelivery implements Delivery {
        FIRST(false, false), DUPLICATE(true, false), RETAINED(false, true), RETAINED_DUPLICATE(true, true);

        private final boolean dup;
        private final boolean retainedFlag;

        AutoDelivery(boolean dup, boolean retained) {
            this.dup = dup;
            this.retainedFlag = retained;
        }

        static Delivery of(boolean duplicate, boolean retained) {
            if (retained) {
                return duplicate ? RETAINED_DUPLICATE : RETAINED;
            }
            return duplicate ? DUPLICATE : FIRST;
        }

        @Override
        public boolean retained() {
            return retainedFlag;
        }

        @Override
        public void ack() {}

        @Override
        public boolean duplicate() {
            return dup;
        }
    }
}
