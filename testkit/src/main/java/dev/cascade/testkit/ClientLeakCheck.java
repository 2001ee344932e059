package dev.cascade.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves MQTT clients, Kafka clients or Cascade threads running: every thread of those
 * kinds started during the test must be gone within a few seconds after it.
 */
public final class ClientLeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ClientLeakCheck.class);
    private static final List<String> CLIENT_THREADS = List.of("kafka-producer-network-thread",
            "kafka-coordinator-heartbeat-thread", "consumer_background_thread", "MQTT Call", "MQTT Rec", "MQTT Snd",
            "MQTT Ping", "MQTT Con", "cascade-");

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", ids(clientThreads()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NS).get("before", Set.class);
        List<Thread> leaked = List.of();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            leaked = new ArrayList<>();
            for (Thread t : clientThreads()) {
                if (!before.contains(t.getId()) && t.isAlive()) {
                    leaked.add(t);
                }
            }
            if (leaked.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder names = new StringBuilder();
        for (Thread t : leaked) {
            names.append("\n  ").append(t.getName());
        }
        throw new AssertionError("test left " + leaked.size() + " client thread(s) running (close what you open):" + names);
    }

    private static List<Thread> clientThreads() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (String prefix : CLIENT_THREADS) {
                if (t.getName().startsWith(prefix)) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    private static Set<Long> ids(List<Thread> threads) {
        Set<Long> s = new HashSet<>();
        for (Thread t : threads) {
            s.add(t.getId());
        }
        return s;
    }
}
