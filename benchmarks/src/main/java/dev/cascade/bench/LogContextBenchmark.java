package dev.cascade.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.cascade.ops.logging.LogContext;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * What the correlation id in the logs costs per record: a {@link LogContext} opened and closed around a record
 * (the roles do this for every one), a DEBUG line inside it when DEBUG is off (the usual case), and one log line
 * encoded as JSON (cascade-logback-json.xml's encoder) or as text (cascade-logback.xml's file pattern).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "-Dlogback.configurationFile=bench-logback.xml"})
@State(Scope.Thread)
public class LogContextBenchmark {
    private static final String CORRELATION_ID = "0f8e4c2a-6b1d-4f7e-9a3b-2c5d8e1f4a7b";
    private Logger log;
    private LogstashEncoder json;
    private PatternLayoutEncoder text;
    private LoggingEvent event;

    @Setup
    public void setup() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log = context.getLogger("dev.cascade.bench.LogContextBenchmark");
        log.setLevel(Level.INFO);
        json = new LogstashEncoder();
        json.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        names.setTimestamp("time");
        names.setLogger("logger");
        names.setThread("thread");
        names.setStackTrace("exception");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        json.setFieldNames(names);
        json.start();
        text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30}%replace( device=%X{deviceId}){' device=$', ''}"
                + "%replace( corr=%X{correlationId}){' corr=$', ''} - %msg%n");
        text.start();
        try (LogContext ignored = LogContext.of(CORRELATION_ID, "press-0042")) {
            event = new LoggingEvent(Logger.FQCN, log, Level.WARN, "refused window from {}: {}", null,
                    new Object[] {"press-0042", "stale: sentAt must be within 5 min, was 20 min ago"});
            event.getMDCPropertyMap();
            event.getFormattedMessage();
        }
    }

    /** Opening and closing the scope around one record. */
    @Benchmark
    public LogContext scope() {
        LogContext c = LogContext.of(CORRELATION_ID, "press-0042");
        c.close();
        return c;
    }

    /** The scope and a DEBUG line inside it, with DEBUG off. */
    @Benchmark
    public LogContext scopeAndDisabledDebugLine() {
        LogContext c = LogContext.of(CORRELATION_ID, "press-0042");
        log.debug("{} scored {} by {}", "vibration", 0.42f, "vibration-anomaly-cloud@3");
        c.close();
        return c;
    }

    /** One WARN line with its correlation id and device, encoded as a JSON object. */
    @Benchmark
    public byte[] encodeJson() {
        return json.encode(event);
    }

    /** The same line encoded with the text file pattern. */
    @Benchmark
    public byte[] encodeText() {
        return text.encode(event);
    }
}
