package dev.cascade.model.features;

import dev.cascade.checks.Checks;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes the features of a batch of windows on a fixed pool of threads, split into one contiguous run of windows
 * per thread (the calling thread takes the first run). Each thread has its own {@link FeatureExtractor} per spec (an
 * extractor, and the JTransforms plan and buffers inside it, is never shared between threads), so the values are the
 * same, bit for bit, as one extractor's, window after window. With one thread everything runs on the caller.
 * Thread-safe (batches from several callers share the pool); must be closed, which stops its threads.
 */
public final class ParallelFeatures implements AutoCloseable {
    /** Fewer windows than this per thread are not worth a hand-off. */
    public static final int MIN_WINDOWS_PER_THREAD = 4;

    private final int threads;
    private final ExecutorService pool;
    /** The pool's threads, joined by close(): a terminated executor's last worker may still be on its way out. */
    private final java.util.Queue<Thread> poolThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ThreadLocal<Map<FeatureSpec, FeatureExtractor>> extractors =
            ThreadLocal.withInitial(IdentityHashMap::new);

    /**
     * A pool of {@code threads} threads in all, counting the caller ({@code threads - 1} are started), named
     * {@code <name>-<n>}.
     */
    public ParallelFeatures(int threads, String name) {
        Checks.check(threads >= 1 && threads <= 256, "threads", "in [1, 256]", threads);
        Checks.notBlank(name, "name");
        this.threads = threads;
        if (threads == 1) {
            pool = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(threads - 1, threads - 1, 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        poolThreads.add(t);
                        return t;
                    });
            pool = p;
        }
    }

    /** The number of threads one batch is spread over, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Computes the features of {@code n} windows stacked in {@code windows} ({@code n * inputSize} values) into
     * {@code out} ({@code n * outputSize} values), as {@link FeatureExtractor#extract} would one after the other.
     *
     * @throws IllegalArgumentException as {@link FeatureExtractor#extract} (the first window's failure found)
     */
    public void extract(FeatureSpec spec, float[] windows, int n, int channels, float[] out) {
        Checks.notNull(spec, "spec");
        int in = spec.inputSize();
        int fs = spec.outputSize();
        Checks.check(n >= 0 && windows.length >= (long) n * in, "windows", "at least n * inputSize = " + (long) n * in
                + " values", windows.length);
        Checks.check(out.length >= (long) n * fs, "out", "at least n * outputSize = " + (long) n * fs + " values",
                out.length);
        int parts = pool == null ? 1 : Math.max(1, Math.min(threads, n / MIN_WINDOWS_PER_THREAD));
        if (parts == 1) {
            run(spec, windows, 0, n, channels, out);
            return;
        }
        List<Future<?>> rest = new ArrayList<>(parts - 1);
        int per = n / parts;
        int extra = n % parts;
        int firstEnd = per + (extra > 0 ? 1 : 0);
        int from = firstEnd;
        for (int p = 1; p < parts; p++) {
            int to = from + per + (p < extra ? 1 : 0);
            int a = from;
            int b = to;
            rest.add(pool.submit(() -> run(spec, windows, a, b, channels, out)));
            from = to;
        }
        RuntimeException failure = null;
        try {
            run(spec, windows, 0, firstEnd, channels, out);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : rest) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("feature thread failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new IllegalStateException("interrupted while waiting for the feature threads", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void run(FeatureSpec spec, float[] windows, int from, int to, int channels, float[] out) {
        Map<FeatureSpec, FeatureExtractor> mine = extractors.get();
        FeatureExtractor fx = mine.get(spec);
        if (fx == null) {
            if (mine.size() >= 16) {
                mine.clear(); // specs of models replaced long ago
            }
            fx = FeatureExtractor.create(spec);
            mine.put(spec, fx);
        }
        int in = spec.inputSize();
        int fs = spec.outputSize();
        float[] window = new float[in];
        float[] one = new float[fs];
        for (int i = from; i < to; i++) {
            System.arraycopy(windows, i * in, window, 0, in);
            fx.extract(window, channels, one);
            System.arraycopy(one, 0, out, i * fs, fs);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                pool.awaitTermination(5, TimeUnit.SECONDS);
                for (Thread t : poolThreads) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
