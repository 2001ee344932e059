package dev.cascade.cli.role;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The handshake between whoever asks a role to stop (a shutdown hook on SIGTERM, a test) and the runner.
 * Thread-safe.
 */
final class StopSignal {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int exitCode = -1;

    /** Asks the role to stop. */
    void requestStop() {
        stop.countDown();
    }

    void awaitStop() throws InterruptedException {
        stop.await();
    }

    void markStarted() {
        started.countDown();
        settled.countDown();
    }

    /** Waits until the role has started (true), or failed to start or {@code timeout} passed (false). */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return started.getCount() == 0;
    }

    void markDone(int code) {
        exitCode = code;
        done.countDown();
        settled.countDown();
    }

    /** Waits until the runner finished; its exit code, or -1 when {@code timeout} passed first. */
    int awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? exitCode : -1;
    }

    /**
     * Installs a JVM shutdown hook (SIGTERM, Ctrl-C) that asks the role to stop, waits up to {@code bound} for it,
     * and then ends the process with the runner's status (0 after a clean stop, 1 otherwise).
     */
    void installShutdownHook(Duration bound) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (done.getCount() == 0) {
                return; // the runner had finished already: the process exits with its status
            }
            requestStop();
            int code;
            try {
                code = awaitDone(bound.plusSeconds(1));
            } catch (InterruptedException e) {
                code = 1;
            }
            if (code >= 0) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(code);
            }
            // past the bound: let the JVM exit with the signal's status
        }, "cascade-role-shutdown"));
    }
}
