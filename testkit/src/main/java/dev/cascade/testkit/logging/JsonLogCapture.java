package dev.cascade.testkit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * The JSON lines one logger (and those below it) writes while a test runs, encoded as {@code cascade-logback-json.xml}
 * encodes them (LogstashEncoder with the fields time, level, logger, thread, message, exception, and the MDC keys),
 * parsed with Jackson. Must be closed: it detaches its appender and restores the logger's level.
 */
public final class JsonLogCapture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Logger logger;
    private final Level previousLevel;
    private final OutputStreamAppender<ILoggingEvent> appender;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private JsonLogCapture(String loggerName, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(loggerName);
        previousLevel = logger.getLevel();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setFieldNames(fieldNames());
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setName("json-capture-" + loggerName);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.setOutputStream(bytes);
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** Captures what {@code loggerName} and its children log at {@code level} and above, until closed. */
    public static JsonLogCapture start(String loggerName, Level level) {
        return new JsonLogCapture(loggerName, level);
    }

    /** The field names of {@code cascade-logback-json.xml}. */
    static LogstashFieldNames fieldNames() {
        LogstashFieldNames names = new LogstashFieldNames();
        names.setTimestamp("time");
        names.setLogger("logger");
        names.setThread("thread");
        names.setStackTrace("exception");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        return names;
    }

    /** Everything captured so far, as written (one JSON object per line). */
    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Every line captured so far, each parsed as one JSON object. */
    public List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return out;
    }

    /** The first captured line that {@code matches}, polled for until {@code within} has passed (empty then). */
    public Optional<JsonNode> await(Predicate<JsonNode> matches, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (JsonNode line : lines()) {
                if (matches.test(line)) {
                    return Optional.of(line);
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(20);
        }
    }

    /** A predicate for {@link #await}: the line's message contains {@code text}. */
    public static Predicate<JsonNode> messageContains(String text) {
        return line -> line.path("message").asText().contains(text);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        appender.stop();
    }
}
