package dev.cascade.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a process's {@code /health/live} (200, or 500 naming the problems), {@code /health/ready} (200, or 503
 * with a JSON body naming the failing checks) and Prometheus {@code /metrics}, on the JDK's HTTP server with one
 * thread. Must be closed.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Health health;
    private final PrometheusMeterRegistry registry;

    private OpsServer(HttpServer server, Health health, PrometheusMeterRegistry registry) {
        this.server = server;
        this.health = health;
        this.registry = registry;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cascade-ops-http-" + server.getAddress().getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Binds {@code host:port} (port 0: any free port, see {@link #port()}) and starts serving. */
    public static OpsServer start(String host, int port, Health health, PrometheusMeterRegistry registry) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank, was " + host);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        Objects.requireNonNull(health, "health must not be null");
        Objects.requireNonNull(registry, "registry must not be null");
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health and metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        OpsServer ops = new OpsServer(s, health, registry);
        log.info("health and metrics on http://{}:{}/ (/health/live, /health/ready, /metrics)", host, ops.port());
        return ops;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(ex, 405, "text/plain; charset=utf-8", method + " is not allowed; use GET\n");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/health/live" -> report(ex, health.live(), 500);
                case "/health/ready" -> report(ex, health.ready(), 503);
                case "/metrics" -> respond(ex, 200, PROMETHEUS_TEXT, registry.scrape());
                default -> respond(ex, 404, "text/plain; charset=utf-8",
                        "not found: " + ex.getRequestURI().getPath() + " (try /health/live, /health/ready, /metrics)\n");
            }
        } catch (RuntimeException e) {
            log.warn("ops request {} failed: {}", ex.getRequestURI(), e.toString());
        } finally {
            ex.close();
        }
    }

    private static void report(HttpExchange ex, Health.Report r, int failureStatus) throws IOException {
        respond(ex, r.ok() ? 200 : failureStatus, "application/json", json(r));
    }

    /** {@code {"status":"UP"}} or {@code {"status":"DOWN","failing":{"name":["reason", ...]}}}. */
    static String json(Health.Report r) {
        StringBuilder b = new StringBuilder("{\"status\":\"").append(r.ok() ? "UP" : "DOWN").append('"');
        if (!r.ok()) {
            b.append(",\"failing\":{");
            boolean first = true;
            for (Map.Entry<String, List<String>> e : r.failing().entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                quote(b, e.getKey()).append(":[");
                for (int i = 0; i < e.getValue().size(); i++) {
                    quote(b.append(i == 0 ? "" : ","), e.getValue().get(i));
                }
                b.append(']');
            }
            b.append('}');
        }
        return b.append("}\n").toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving (requests in flight get up to a second) and ends the server's thread. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
