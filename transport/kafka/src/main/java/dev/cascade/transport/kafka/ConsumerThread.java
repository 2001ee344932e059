package dev.cascade.transport.kafka;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * Runs a Kafka consumer's poll loop on a thread of its own: one {@link Turn} after another until closed, then
 * closes the consumer on that thread. {@link #close()} stops the loop (wakes a poll up) and waits for the thread
 * up to 10 s. A turn that throws ends the loop: it is logged on the owner's logger with the owner's words, and
 * {@link #alive()} turns false. The consumer is handed over: only this thread uses it once started. Must be closed.
 */
public final class ConsumerThread implements AutoCloseable {
    private static final Duration JOIN = Duration.ofSeconds(10);
    private static final Duration CONSUMER_CLOSE = Duration.ofSeconds(5);

    /** One turn of the loop: a poll and the handling of what it returned. */
    @FunctionalInterface
    public interface Turn {
        void run() throws Exception;
    }

    private final Consumer<?, ?> consumer;
    private final Turn turn;
    private final Logger log;
    private final String stoppedMessage;
    private final Thread thread;
    private volatile boolean running = true;

    private ConsumerThread(String name, boolean daemon, Consumer<?, ?> consumer, Turn turn, Logger log,
                           String stoppedMessage) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be non-blank, was " + name);
        }
        if (consumer == null || turn == null || log == null || stoppedMessage == null) {
            throw new IllegalArgumentException("consumer, turn, log and stoppedMessage must be given");
        }
        this.consumer = consumer;
        this.turn = turn;
        this.log = log;
        this.stoppedMessage = stoppedMessage;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(daemon);
        thread.start();
    }

    /**
     * Starts a (non-daemon) thread {@code name} that runs {@code turn} while not closed; a failure is logged as
     * {@code stoppedMessage} on {@code log}.
     */
    public static ConsumerThread start(String name, Consumer<?, ?> consumer, Turn turn, Logger log,
                                       String stoppedMessage) {
        return new ConsumerThread(name, false, consumer, turn, log, stoppedMessage);
    }

    /** As {@link #start}, on a daemon thread (one that does not keep the JVM up). */
    public static ConsumerThread startDaemon(String name, Consumer<?, ?> consumer, Turn turn, Logger log,
                                             String stoppedMessage) {
        return new ConsumerThread(name, true, consumer, turn, log, stoppedMessage);
    }

    private void run() {
        try {
            while (running) {
                turn.run();
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            log.error(stoppedMessage, e);
        } finally {
            consumer.close(CONSUMER_CLOSE);
        }
    }

    /** Whether the loop's thread is still running (false once a turn failed or it was closed). */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Stops the loop, wakes a poll up and waits up to 10 s for the thread to end (and close the consumer). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
