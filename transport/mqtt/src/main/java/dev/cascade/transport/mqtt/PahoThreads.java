package dev.cascade.transport.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the connect task of a Paho client before the client is shut down. Paho 1.2.5 (v5) starts a connection's
 * threads from a background task ("MQTT Con: &lt;client id&gt;") that does not look at the client's state between its
 * steps. Shut the connection down while that task runs and either the task spins for good, waiting for a thread that
 * was stopped under it to report running (eclipse-paho/paho.mqtt.java#850), or it starts a sender thread after the
 * shutdown, which then waits on its queue for good. The task itself is short: the TCP connect, then three threads
 * started, a tenth of a second each.
 */
final class PahoThreads {
    private static final Logger log = LoggerFactory.getLogger(PahoThreads.class);
    /** The task renames its thread as it begins; until then it cannot be told from any other thread. */
    private static final long RENAME_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long POLL_MS = 10;

    private PahoThreads() {}

    /**
     * Returns once no connect task of {@code clientId} runs, or after {@code maxWaitMillis}. {@code attemptStartedNanos}
     * is when the attempt began ({@link System#nanoTime}). Walks the JVM's threads, so it is for closes that meet a
     * connect attempt in flight, not for every close.
     */
    static void awaitConnectTask(String clientId, long attemptStartedNanos, long maxWaitMillis) {
        String name = "MQTT Con: " + clientId;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        try {
            while (System.nanoTime() < deadline) {
                List<Thread> tasks = named(name);
                if (tasks.isEmpty() && System.nanoTime() - attemptStartedNanos > RENAME_GRACE_NANOS) {
                    return;
                }
                for (Thread t : tasks) {
                    t.join(Math.max(1, Math.min(POLL_MS * 10, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                }
                if (tasks.isEmpty()) {
                    Thread.sleep(POLL_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        log.debug("the connect task of {} still runs after {} ms; shutting the client down anyway", clientId,
                maxWaitMillis);
    }

    private static List<Thread> named(String name) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 32];
        int n = root.enumerate(all, true);
        List<Thread> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (name.equals(all[i].getName()) && all[i].isAlive()) {
                out.add(all[i]);
            }
        }
        return out;
    }
}
