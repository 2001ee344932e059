package dev.cascade.actuators.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HttpServer on a free loopback port that records every POST and answers with a set status. */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(byte[] body, String signature, Instant at) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status;

    public WebhookReceiver(int status) throws IOException {
        this.status = new AtomicInteger(status);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                received.add(new Received(in.readAllBytes(), ex.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                        Instant.now()));
            }
            ex.sendResponseHeaders(this.status.get(), -1);
            ex.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void answer(int code) {
        status.set(code);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
