package dev.cascade.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Names the role a process runs on every log line it writes from now on (the JSON field {@code role}), as a property
 * of logback's context rather than the MDC, so that every thread's lines carry it, not only the caller's.
 */
public final class ProcessRole {
    /** The logback context property, and JSON field, that names the process's role. */
    public static final String PROPERTY = "role";

    private ProcessRole() {}

    /** Marks this process's log lines with {@code role} (edge, ingest, infer, actuate, dashboard, demo). */
    public static void mark(String role) {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof LoggerContext context) {
            context.putProperty(PROPERTY, role);
        }
    }
}
