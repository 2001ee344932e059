package dev.cascade.dashboard.web;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The browsers connected to {@code /events}. Sends are serialised per client (the feed thread and the ticker both
 * send); a client whose connection is gone is dropped. Thread-safe.
 */
public final class EventHub {
    private final ConcurrentLinkedQueue<SseClient> clients = new ConcurrentLinkedQueue<>();

    /** Adds a connected client after sending it {@code greeting} (the snapshot). */
    public void join(SseClient client, Consumer<SseClient> greeting) {
        client.onClose(() -> clients.remove(client));
        synchronized (client) {
            greeting.accept(client);
        }
        clients.add(client);
    }

    /** Sends one event to every client. */
    public void broadcast(String event, String json) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
                continue;
            }
            try {
                synchronized (c) {
                    c.sendEvent(event, json);
                }
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    /** Connected clients. */
    public int size() {
        return clients.size();
    }

    /** Closes every stream (the browsers reconnect; also used at shutdown). */
    public void dropAll() {
        for (SseClient c : clients) {
            clients.remove(c);
            try {
                c.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
