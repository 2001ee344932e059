package dev.cascade.edge.guard;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.event.Level;
import org.slf4j.Marker;

/** A logger that keeps the formatted WARN lines it was given. */
final class RecordingLogger extends AbstractLogger {
    final List<String> lines = new ArrayList<>();

    RecordingLogger() {
        this.name = "recording";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg, Object[] args, Throwable t) {
        if (level == Level.WARN) {
            lines.add(MessageFormatter.basicArrayFormat(msg, args));
        }
    }

    @Override public boolean isTraceEnabled() { return false; }
    @Override public boolean isTraceEnabled(Marker m) { return false; }
    @Override public boolean isDebugEnabled() { return false; }
    @Override public boolean isDebugEnabled(Marker m) { return false; }
    @Override public boolean isInfoEnabled() { return false; }
    @Override public boolean isInfoEnabled(Marker m) { return false; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isWarnEnabled(Marker m) { return true; }
    @Override public boolean isErrorEnabled() { return false; }
    @Override public boolean isErrorEnabled(Marker m) { return false; }
}
