package dev.cascade.cloud.shadow;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread on which a worker's shadow models open, score and close, so that a candidate never delays the live
 * outputs. Scoring jobs are bounded by the windows they carry: a job offered while the lane already holds
 * {@code maxQueuedWindows} windows is refused at once (the caller counts it as skipped) instead of queueing without
 * end behind a slow candidate. Session jobs ({@link #control}, {@link #await}) are never refused. Jobs run one at a
 * time in the order given, so a session is only ever touched by this thread.
 */
public final class ShadowLane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShadowLane.class);

    private final ThreadPoolExecutor thread;
    private final int maxQueuedWindows;
    private final AtomicInteger queuedWindows = new AtomicInteger();

    /**
     * @param name the lane thread's name
     * @param maxQueuedWindows the windows of accepted scoring jobs not yet finished beyond which jobs are refused, >= 1
     */
    public ShadowLane(String name, int maxQueuedWindows) {
        if (maxQueuedWindows < 1) {
            throw new IllegalArgumentException("maxQueuedWindows must be >= 1, was " + maxQueuedWindows);
        }
        this.maxQueuedWindows = maxQueuedWindows;
        this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.allowCoreThreadTimeOut(true); // no thread held while no shadow runs
    }

    /**
     * Queues a scoring job of {@code windows} windows, unless the lane already holds its bound of windows (or is
     * closed): then returns false and nothing runs. A batch larger than the bound is accepted when the lane is idle.
     */
    public boolean offer(int windows, Runnable job) {
        int now = queuedWindows.addAndGet(windows);
        if (now > maxQueuedWindows && now != windows) {
            queuedWindows.addAndGet(-windows);
            return false;
        }
        try {
            thread.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException | Error e) {
                    log.warn("shadow job failed", e);
                } finally {
                    queuedWindows.addAndGet(-windows);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queuedWindows.addAndGet(-windows);
            return false;
        }
    }

    /** Queues a session job (open, swap, close), never refused while the lane is open. */
    public void control(Runnable job) {
        thread.execute(() -> {
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                log.warn("shadow session job failed", e);
            }
        });
    }

    /**
     * Runs {@code job} after everything queued before it and waits up to {@code timeout} for it; returns false if it
     * had not finished by then (it still runs later).
     */
    public boolean await(Runnable job, Duration timeout) {
        Future<?> f;
        try {
            f = thread.submit(job);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            log.warn("shadow session job failed", e.getCause());
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Windows of accepted scoring jobs not yet finished. */
    public int queuedWindows() {
        return queuedWindows.get();
    }

    /** Lets queued jobs finish, up to 10 s, and stops the thread; later jobs are refused. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("shadow lane still busy after 10 s; leaving it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
