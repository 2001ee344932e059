package dev.cascade.bench.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cascade.cloud.decide.Outcomes;
import dev.cascade.cloud.model.CloudModel;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Baseline (b) of {@code cascade bench}: the cloud model served per request over HTTP,
 * one POST per window ({@code application/cbor}, the same encoding the pipeline uses), no batching, the
 * verdict in the response. The same feature code and ONNX model as the cloud workers, one model instance
 * per server thread. Binds to 127.0.0.1 on a free port. Not a product feature. Thread-safe; must be closed.
 */
final class HttpInferenceServer implements AutoCloseable {
    static final String PATH = "/v1/infer";

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Map<SensorKind, CloudModel>> pool;
    private final List<Map<SensorKind, CloudModel>> all = new ArrayList<>();
    private final LongAdder served = new LongAdder();
    private final LongAdder refused = new LongAdder();

    static {
        // The JDK server leaves Nagle's algorithm on unless asked (read once, when its first server is made): with
        // the client's delayed ACKs, every response would wait ~40 ms. The JDK client sets TCP_NODELAY itself.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private HttpInferenceServer(Map<SensorKind, Path> models, OnnxOptions onnx, int threads)
            throws IOException, ModelBundleException {
        this.pool = new ArrayBlockingQueue<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                Map<SensorKind, CloudModel> set = new EnumMap<>(SensorKind.class);
                all.add(set);
                for (Map.Entry<SensorKind, Path> e : models.entrySet()) {
                    CloudModel m = CloudModel.open(ModelBundle.load(e.getValue()), onnx);
                    set.put(e.getKey(), m);
                    m.warmUp(1);
                }
                pool.add(set);
            }
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            AtomicInteger n = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "cascade-bench-http-server-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            server.createContext(PATH, this::handle);
            server.setExecutor(executor);
            server.start();
        } catch (IOException | RuntimeException e) {
            closeModels();
            throw e;
        }
    }

    /** Loads one instance of each cloud model per thread and starts serving. */
    static HttpInferenceServer start(Map<SensorKind, Path> models, OnnxOptions onnx, int threads)
            throws IOException, ModelBundleException {
        return new HttpInferenceServer(models, onnx, threads);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    long served() {
        return served.sum();
    }

    long refused() {
        return refused.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, "{\"error\":\"method must be POST, was " + ex.getRequestMethod() + "\"}");
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(Codecs.MAX_WINDOW_BYTES + 1);
            }
            Decoded<SensorWindow> d = Codecs.sensorWindow().decode(body);
            if (d instanceof Decoded.Rejected<SensorWindow> r) {
                refused.increment();
                reply(ex, 400, "{\"error\":" + quote(r.rejection().toString()) + "}");
                return;
            }
            SensorWindow w = d.orElseThrow();
            Map<SensorKind, CloudModel> models = pool.take();
            String answer;
            try {
                CloudModel m = models.get(w.kind());
                if (m == null || !m.fits(w)) {
                    refused.increment();
                    reply(ex, 422, "{\"error\":\"no model fits a " + w.kind().displayName() + " window of "
                            + w.samples().frames() + " frames\"}");
                    return;
                }
                float score = m.score(List.of(w))[0];
                Verdict v = Outcomes.verdict(m.manifest().task(), m.scorer().isPositive(score));
                answer = String.format(Locale.ROOT, "{\"correlationId\":\"%s\",\"model\":\"%s\",\"score\":%s,"
                                + "\"threshold\":%s,\"verdict\":\"%s\"}", w.correlationId().value(), m.ref(), score,
                        m.scorer().threshold(), v.displayName());
            } finally {
                pool.put(models);
            }
            served.increment();
            reply(ex, 200, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void closeModels() {
        for (Map<SensorKind, CloudModel> set : all) {
            for (CloudModel m : set.values()) {
                m.close();
            }
        }
        all.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeModels();
    }
}
