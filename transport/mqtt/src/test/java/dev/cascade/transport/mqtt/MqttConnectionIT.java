package dev.cascade.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttConnectionIT {
    private static EmbeddedMqttBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void sharedSubscription_deliversEachMessageToOneMemberOfTheGroup() throws Exception {
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(20);
        try (MqttConnection ca = MqttConnection.open(MqttSettings.of(broker.serverUri(), "share-a"));
             MqttConnection cb = MqttConnection.open(MqttSettings.of(broker.serverUri(), "share-b"));
             MqttConnection pub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "share-pub"))) {
            ca.subscribe("$share/g1/s1/+/x", 1, (t, p, d) -> { a.add(new String(p, StandardCharsets.UTF_8)); all.countDown(); });
            cb.subscribe("$share/g1/s1/+/x", 1, (t, p, d) -> { b.add(new String(p, StandardCharsets.UTF_8)); all.countDown(); });

            for (int i = 0; i < 20; i++) {
                pub.publish("s1/dev-" + i + "/x", ("m" + i).getBytes(StandardCharsets.UTF_8), 1, PublishOptions.NONE)
                        .get(5, TimeUnit.SECONDS);
            }

            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            // Each message reached exactly one member (the broker may well give them all to one).
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            assertThat(both).hasSize(20).doesNotHaveDuplicates();
        }
    }

    @Test
    void manualAck_unacknowledgedMessage_isRedeliveredToTheResumedSession() throws Exception {
        MqttSettings s = MqttSettings.of(broker.serverUri(), "manual-1").withPersistentSession(Duration.ofMinutes(5))
                .withManualAcks();
        List<String> first = new CopyOnWriteArrayList<>();
        try (MqttConnection sub = MqttConnection.open(s);
             MqttConnection pub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "manual-pub"))) {
            CountDownLatch got = new CountDownLatch(2);
            sub.subscribe("s2/+/x", 1, (t, p, d) -> {
                String m = new String(p, StandardCharsets.UTF_8);
                first.add(m);
                if (m.equals("acked")) {
                    d.ack();
                }
                got.countDown();
            });
            pub.publish("s2/d/x", "acked".getBytes(StandardCharsets.UTF_8), 1, PublishOptions.NONE).get(5, TimeUnit.SECONDS);
            pub.publish("s2/d/x", "not-acked".getBytes(StandardCharsets.UTF_8), 1, PublishOptions.NONE).get(5, TimeUnit.SECONDS);
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first).containsExactly("acked", "not-acked");

        List<String> again = new CopyOnWriteArrayList<>();
        List<Boolean> dup = new CopyOnWriteArrayList<>();
        CountDownLatch redelivered = new CountDownLatch(1);
        try (MqttConnection resumed = MqttConnection.open(s, List.of(new MqttConnection.Route("s2/+/x", 1, (t, p, d) -> {
            again.add(new String(p, StandardCharsets.UTF_8));
            dup.add(d.duplicate());
            d.ack();
            redelivered.countDown();
        })))) {
            assertThat(redelivered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
        }
        // Only the unacknowledged message comes back. (HiveMQ does not set the DUP flag on it, so
        // deduplication downstream must rely on message ids, never on DUP.)
        assertThat(again).containsExactly("not-acked");
        assertThat(dup).hasSize(1);
    }

    @Test
    void brokerRestart_connectionComesBackWithBackoffAndResubscribes() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        MqttSettings settings = MqttSettings.of(broker.serverUri(), "restart-sub")
                .withReconnect(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
        try (MqttConnection sub = MqttConnection.open(settings)) {
            sub.subscribe("s3/+/x", 1, (t, p, d) -> after.countDown());

            broker.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sub.stats().connectionLosses() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sub.connected()).isFalse();
            broker.start();
            // Until the renewed subscription takes the message (each try a new QoS 1 message; one is enough).
            try (MqttConnection pub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "restart-pub"))) {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!after.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                    pub.publish("s3/d/x", new byte[] {1}, 1, PublishOptions.NONE).get(5, TimeUnit.SECONDS);
                }
            }

            assertThat(after.getCount()).as("a message through the renewed subscription").isZero();
            assertThat(sub.connected()).isTrue();
            assertThat(sub.stats().connectionLosses()).isEqualTo(1);
        }
    }

    @Test
    void connectionClosedWhileItsBrokerIsAway_leavesNoReconnectThreadBehind() throws Exception {
        String thread = "cascade-mqtt-connect-away-sub";
        MqttConnection c = MqttConnection.open(MqttSettings.of(broker.serverUri(), "away-sub"));
        try {
            broker.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!threadAlive(thread) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(threadAlive(thread)).as("it reconnects while the broker is away").isTrue();

            c.close();

            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threadAlive(thread) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(threadAlive(thread)).as("reconnect thread after close").isFalse();
        } finally {
            c.close();
            broker.start();
        }
    }

    @Test
    void connectionClosedWhileAConnectAttemptWaitsForItsBroker_leavesNoPahoThreadBehind() throws Exception {
        // A broker that accepts the TCP connection and never answers: the connect attempt is in flight at close.
        try (SilentBroker silent = new SilentBroker()) {
            String id = "silent-sub";
            MqttConnection c = MqttConnection.openEventually(silent.settings(id, Duration.ofSeconds(30)));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!threadAlive("MQTT Snd: " + id) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(threadAlive("MQTT Snd: " + id)).as("the attempt is on the wire").isTrue();

                c.close();

                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!clientThreads(id).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(clientThreads(id)).as("threads of %s after close", id).isEmpty();
            } finally {
                c.close();
            }
        }
    }

    @Test
    void attemptWhoseBrokerNeverAnswers_isAbandonedAtTheConnectTimeout_andTheNextOneBegins() throws Exception {
        try (SilentBroker silent = new SilentBroker();
             MqttConnection c = MqttConnection.openEventually(silent.settings("silent-retry", Duration.ofSeconds(1))
                     .withReconnect(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(200))))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (silent.accepted.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(silent.accepted).as("TCP connections the attempts opened").hasSizeGreaterThanOrEqualTo(3);
            assertThat(c.connected()).isFalse();
        }
    }

    /** Takes TCP connections and never says a word. */
    private static final class SilentBroker implements AutoCloseable {
        final java.net.ServerSocket socket;
        final List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();

        SilentBroker() throws java.io.IOException {
            socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        MqttSettings settings(String clientId, Duration connectTimeout) {
            MqttSettings s = MqttSettings.of("tcp://127.0.0.1:" + socket.getLocalPort(), clientId);
            return new MqttSettings(s.serverUri(), s.clientId(), s.cleanStart(), s.sessionExpiry(), s.keepAlive(),
                    connectTimeout, s.maxInflight(), s.manualAcks(), s.username(), s.password(), s.tls());
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
            for (java.net.Socket a : accepted) {
                a.close();
            }
        }
    }

    private static List<String> clientThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.endsWith(": " + clientId) || n.endsWith("-" + clientId)).toList();
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void thousandsOfExactSubscriptions_eachRouteTheirOwnTopic() throws Exception {
        int n = 1200;
        java.util.concurrent.atomic.AtomicIntegerArray hits = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch all = new CountDownLatch(n);
        List<MqttConnection.Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int device = i;
            routes.add(new MqttConnection.Route("s5/dev-" + i + "/cmd", 1, (t, p, d) -> {
                if (!t.equals("s5/dev-" + device + "/cmd") || p[0] != (byte) device) {
                    wrong.incrementAndGet();
                }
                hits.incrementAndGet(device);
                all.countDown();
            }));
        }
        try (MqttConnection sub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "many-sub"));
             MqttConnection pub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "many-pub"))) {
            sub.subscribeAll(routes);
            for (int i = 0; i < n; i++) {
                pub.publish("s5/dev-" + i + "/cmd", new byte[] {(byte) i}, 1, PublishOptions.NONE);
            }

            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(wrong.get()).isZero();
            for (int i = 0; i < n; i++) {
                assertThat(hits.get(i)).as("device %d", i).isEqualTo(1);
            }
        }
    }

    @Test
    void handlerThatThrows_isCountedAndTheConnectionStaysUp() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        try (MqttConnection sub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "throw-sub"));
             MqttConnection pub = MqttConnection.open(MqttSettings.of(broker.serverUri(), "throw-pub"))) {
            sub.subscribe("s4/+/x", 1, (t, p, d) -> {
                if (p[0] == 0) {
                    throw new IllegalStateException("boom");
                }
                second.countDown();
            });
            pub.publish("s4/d/x", new byte[] {0}, 1, PublishOptions.NONE).get(5, TimeUnit.SECONDS);
            pub.publish("s4/d/x", new byte[] {1}, 1, PublishOptions.NONE).get(5, TimeUnit.SECONDS);

            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.stats().handlerFailures()).isEqualTo(1);
            assertThat(sub.connected()).isTrue();
        }
    }
}
