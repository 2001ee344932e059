package dev.cascade.ops.logging;

import org.slf4j.MDC;

/**
 * The record a thread is handling, put into the logging MDC so that every log line written meanwhile carries its
 * correlation id and device id; closing it restores what the thread had before (scopes nest).
 * Not thread-safe: open and close it on the one thread that handles the record, in a try-with-resources.
 *
 * <pre>{@code
 * try (LogContext ignored = LogContext.of(window.correlationId().value(), window.deviceId().value())) {
 *     handle(window);
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {
    /** The MDC key of the correlation id of the record a log line is about (a JSON field of that name). */
    public static final String CORRELATION_ID = "correlationId";
    /** The MDC key of the device a log line is about (a JSON field of that name). */
    public static final String DEVICE_ID = "deviceId";

    private final String outerCorrelationId;
    private final String outerDeviceId;
    private final Thread owner;

    private LogContext(String correlationId, String deviceId) {
        this.owner = Thread.currentThread();
        this.outerCorrelationId = MDC.get(CORRELATION_ID);
        this.outerDeviceId = MDC.get(DEVICE_ID);
        set(CORRELATION_ID, correlationId);
        set(DEVICE_ID, deviceId);
    }

    /**
     * Marks the current thread's log lines with a record's correlation id and device id until closed; a null or blank
     * value leaves that key unset (a record from the wire may lack it), so this never throws on wire data.
     */
    public static LogContext of(String correlationId, String deviceId) {
        return new LogContext(correlationId, deviceId);
    }

    /** Marks the current thread's log lines with a device id only (no record yet, e.g. before decoding). */
    public static LogContext device(String deviceId) {
        return new LogContext(null, deviceId);
    }

    /** Restores the correlation id and device id the thread had when this scope opened. */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            // MDC is per thread: closing elsewhere would damage another thread's context; leave both alone.
            return;
        }
        restore(CORRELATION_ID, outerCorrelationId);
        restore(DEVICE_ID, outerDeviceId);
    }

    private static void set(String key, String value) {
        if (value == null || value.isBlank()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void restore(String key, String outer) {
        if (outer == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, outer);
        }
    }
}
