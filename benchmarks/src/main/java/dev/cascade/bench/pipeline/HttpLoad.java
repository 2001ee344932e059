package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import dev.cascade.pipeline.PipelineMonitor.LatencyListener;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.fleet.FleetObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The devices' side of baseline (b): every window the simulated fleet makes becomes one HTTP POST, on the
 * fleet's schedule (open loop), with at most {@code concurrency} requests in flight; the sensor-to-verdict
 * latency runs from the window's send time to the response. Windows that find the queue full (the server
 * cannot keep up) are counted as refused. Thread-safe; must be closed.
 */
final class HttpLoad implements FleetObserver, AutoCloseable {
    private static final int QUEUE = 100_000;

    private final HttpClient client;
    private final ExecutorService clientThreads;
    private final URI uri;
    private final Semaphore inFlight;
    private final int concurrency;
    private final LatencyListener latency;
    private final BlockingQueue<SensorWindow> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread dispatcher;
    private volatile boolean running = true;

    private final LongAdder made = new LongAdder();
    private final LongAdder overflow = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder positives = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    /** Counts so far. */
    record Counts(long made, long overflow, long sent, long ok, long failed, long positives, long bytes) {
        long answered() {
            return ok + failed;
        }
    }

    HttpLoad(URI uri, int concurrency, LatencyListener latency) {
        this.uri = uri;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        this.latency = latency;
        AtomicInteger n = new AtomicInteger();
        this.clientThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cascade-bench-http-client-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.dispatcher = new Thread(this::dispatch, "cascade-bench-http-client-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public void windowSent(SensorWindow window) {
        made.increment();
        if (!queue.offer(window)) {
            overflow.increment();
        }
    }

    private void dispatch() {
        try {
            while (running || !queue.isEmpty()) {
                SensorWindow w = queue.poll(100, TimeUnit.MILLISECONDS);
                if (w == null) {
                    continue;
                }
                inFlight.acquire();
                byte[] body = Codecs.sensorWindow().encode(w);
                bytes.add(body.length);
                sent.increment();
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", Codecs.sensorWindow().contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, error) -> {
                    try {
                        if (error == null && resp.statusCode() == 200) {
                            latency.onLatency(LatencyKind.VERDICT, w.sentAt(), Instant.now());
                            ok.increment();
                            if (!resp.body().contains("\"verdict\":\"normal\"")) {
                                positives.increment();
                            }
                        } else {
                            failed.increment();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    Counts counts() {
        return new Counts(made.sum(), overflow.sum(), sent.sum(), ok.sum(), failed.sum(), positives.sum(), bytes.sum());
    }

    /** Waits until every queued window has been answered, up to {@code timeout}; returns whether it was. */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Counts c = counts();
            if (queue.isEmpty() && c.answered() >= c.sent() && inFlight.availablePermits() == concurrency) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        queue.clear();
        dispatcher.interrupt();
        try {
            dispatcher.join(5000);
            inFlight.tryAcquire(concurrency, 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientThreads.shutdownNow();
        try {
            clientThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
