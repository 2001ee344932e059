package dev.cascade.actuators.notify;

import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's bounded queue and thread: paces by the rate limit, retries retriable failures with doubling
 * back-off, counts each outcome. A slow or failing channel only fills its own queue. Thread-safe; must be closed.
 */
final class ChannelWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);

    private final NotificationChannel channel;
    private final ChannelLimits limits;
    private final BlockingQueue<Notification> queue;
    private final TokenBucket bucket;
    private final Map<DeliveryResult, LongAdder> counts = new EnumMap<>(DeliveryResult.class);
    private final Consumer<Notification> onDelivered;
    private final Thread thread;
    private volatile boolean running = true;

    ChannelWorker(NotificationChannel channel, ChannelLimits limits, InstantSource clock, Consumer<Notification> onDelivered) {
        this.channel = channel;
        this.limits = limits;
        this.queue = new ArrayBlockingQueue<>(limits.queue());
        this.bucket = new TokenBucket(limits.perMinute(), clock);
        this.onDelivered = onDelivered;
        for (DeliveryResult r : DeliveryResult.values()) {
            counts.put(r, new LongAdder());
        }
        this.thread = new Thread(this::run, "cascade-actuate-notify-" + channel.name());
        thread.setDaemon(true);
        thread.start();
    }

    String name() {
        return channel.name();
    }

    /** Queues {@code n}; false (counted as dropped) when the queue is full. */
    boolean offer(Notification n) {
        if (!running || !queue.offer(n)) {
            counts.get(DeliveryResult.DROPPED).increment();
            return false;
        }
        return true;
    }

    long count(DeliveryResult r) {
        return counts.get(r).sum();
    }

    Map<DeliveryResult, Long> counts() {
        Map<DeliveryResult, Long> m = new EnumMap<>(DeliveryResult.class);
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        try {
            while (running) {
                Notification n = queue.poll(200, TimeUnit.MILLISECONDS);
                if (n != null) {
                    pace();
                    deliver(n);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pace() throws InterruptedException {
        Duration wait = bucket.take();
        if (!wait.isZero()) {
            counts.get(DeliveryResult.RATE_LIMITED).increment();
            while (!wait.isZero() && running) {
                Thread.sleep(Math.max(1, wait.toMillis()));
                wait = bucket.take();
            }
        }
    }

    private void deliver(Notification n) throws InterruptedException {
        Duration backoff = limits.backoff();
        for (int attempt = 0; ; attempt++) {
            try {
                channel.send(n);
                counts.get(DeliveryResult.DELIVERED).increment();
                onDelivered.accept(n);
                return;
            } catch (DeliveryFailure e) {
                if (!e.retriable() || attempt >= limits.retries() || !running) {
                    counts.get(DeliveryResult.FAILED).increment();
                    log.warn("notification of alarm {} ({}) not delivered on {}: {}", n.alarm().alarmId(),
                            n.event().displayName(), channel.name(), e.getMessage());
                    return;
                }
                counts.get(DeliveryResult.RETRIED).increment();
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(limits.maxBackoff()) > 0 ? limits.maxBackoff() : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                counts.get(DeliveryResult.FAILED).increment();
                log.error("channel {} failed on alarm {}", channel.name(), n.alarm().alarmId(), e);
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
