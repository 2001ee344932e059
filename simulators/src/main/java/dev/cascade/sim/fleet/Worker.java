package dev.cascade.sim.fleet;

import java.util.PriorityQueue;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that owns a share of the devices: it sends each device's windows on schedule and runs
 * every task for its devices (commands, events), so device physics stays single-threaded.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long IDLE_PARK_NANOS = 100_000_000L;

    private final String name;
    private final PriorityQueue<Slot> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final SplittableRandom random;
    private final double jitter;
    private final Consumer<Slot> fire;
    private final Runnable onSlip;
    private final Runnable onError;
    private volatile boolean running = true;
    private volatile Thread thread;

    Worker(String name, long seed, double jitter, Consumer<Slot> fire, Runnable onSlip, Runnable onError) {
        this.name = name;
        this.random = new SplittableRandom(seed);
        this.jitter = jitter;
        this.fire = fire;
        this.onSlip = onSlip;
        this.onError = onError;
    }

    /** Adds a device, its first window a random part of a period after {@code startNanos}. Before start only. */
    void add(Slot slot, long startNanos) {
        slot.dueNanos = startNanos + (long) (random.nextDouble() * slot.spec.period().toNanos());
        due.add(slot);
    }

    void start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Runs {@code task} on this worker's thread soon (between two windows). */
    void submit(Runnable task) {
        tasks.add(task);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        while (running) {
            runTasks();
            Slot next = due.peek();
            long now = System.nanoTime();
            if (next == null) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            if (next.dueNanos > now) {
                LockSupport.parkNanos(this, next.dueNanos - now);
                continue;
            }
            due.poll();
            try {
                fire.accept(next);
            } catch (RuntimeException e) {
                onError.run();
                LOG.error("device {} failed to send a window", next.device.id(), e);
            }
            long period = next.spec.period().toNanos();
            double factor = Math.max(0.1, 1 + jitter * random.nextGaussian());
            next.dueNanos += (long) (period * factor);
            if (now - next.dueNanos > 2 * period) {
                onSlip.run();
                next.dueNanos = now;
            }
            due.add(next);
        }
        runTasks();
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                onError.run();
                LOG.error("task on {} failed", name, e);
            }
        }
    }

    /** Stops after the current window and waits for the thread to end. */
    void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(10_000);
        }
    }
}
