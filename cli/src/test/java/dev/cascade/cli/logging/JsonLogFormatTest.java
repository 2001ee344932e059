package dev.cascade.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.ops.logging.LogContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two logback configurations the {@code cascade} command chooses between, loaded as a process loads them. */
class JsonLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads {@code resource} into a fresh logback context, runs {@code logging} on it, returns what reached stderr. */
    private static String run(String resource, java.util.function.Consumer<LoggerContext> logging) throws JoranException {
        LoggerContext context = new LoggerContext();
        // org.slf4j.MDC (LogContext) writes to the process's adapter: the fresh context reads the same one.
        context.setMDCAdapter(((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getMDCAdapter());
        context.putProperty("CASCADE_LOG_DIR", System.getProperty("java.io.tmpdir") + "/cascade-log-format-test");
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator c = new JoranConfigurator();
            c.setContext(context);
            c.doConfigure(JsonLogFormatTest.class.getClassLoader().getResource(resource));
            List<Status> problems = new ArrayList<>();
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                if (s.getEffectiveLevel() >= Status.WARN) {
                    problems.add(s);
                }
            }
            assertThat(problems).as(resource + " loads without warnings").isEmpty();
            logging.accept(context);
            List<Status> failures = new ArrayList<>();
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                if (s.getEffectiveLevel() >= Status.WARN) {
                    failures.add(s);
                }
            }
            assertThat(failures).as(resource + " logs without errors").isEmpty();
        } finally {
            context.stop();
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormat_writesOneObjectPerLine_withTimeLevelLoggerThreadMessageRoleIdsAndException() throws Exception {
        String out = run(LogFormat.JSON.resource(), context -> {
            context.putProperty(ProcessRole.PROPERTY, "ingest");
            Logger log = context.getLogger("dev.cascade.ingest.IngestBridge");
            try (LogContext ignored = LogContext.of("corr-0042", "press-0007")) {
                log.warn("refused message on {}", "cascade/v1/press-0007/escalations",
                        new IllegalStateException("broken\nover two lines"));
            }
            log.info("no record in hand");
        });

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.path("level").asText()).isEqualTo("WARN");
        assertThat(first.path("logger").asText()).isEqualTo("dev.cascade.ingest.IngestBridge");
        assertThat(first.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.path("message").asText()).isEqualTo("refused message on cascade/v1/press-0007/escalations");
        assertThat(first.path("role").asText()).isEqualTo("ingest");
        assertThat(first.path("correlationId").asText()).isEqualTo("corr-0042");
        assertThat(first.path("deviceId").asText()).isEqualTo("press-0007");
        assertThat(first.path("exception").asText()).startsWith("java.lang.IllegalStateException: broken\nover two lines")
                .contains("at dev.cascade.cli.logging.JsonLogFormatTest");
        assertThat(first.has("@version")).isFalse();
        assertThat(first.has("level_value")).isFalse();

        JsonNode second = JSON.readTree(lines[1]);
        assertThat(second.path("message").asText()).isEqualTo("no record in hand");
        assertThat(second.path("role").asText()).isEqualTo("ingest");
        assertThat(second.has("correlationId")).as("the scope closed").isFalse();
        assertThat(second.has("deviceId")).isFalse();
    }

    @Test
    void jsonFormat_keepsKafkaAtWarn_andCascadeAtInfo() throws Exception {
        String out = run(LogFormat.JSON.resource(), context -> {
            context.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").info("kafka chatter");
            context.getLogger("dev.cascade.cloud.worker.Worker").debug("a debug line");
            context.getLogger("dev.cascade.cloud.worker.Worker").info("cloud model warmed");
        });

        assertThat(out.split("\n")).hasSize(1);
        assertThat(JSON.readTree(out).path("message").asText()).isEqualTo("cloud model warmed");
    }

    @Test
    void textFormat_stillLoads_andShowsOnlyWarningsOnTheConsole_withTheCorrelationId() throws Exception {
        String out = run(LogFormat.TEXT.resource(), context -> {
            Logger log = context.getLogger("dev.cascade.edge.EdgeAgent");
            log.info("not on the console");
            try (LogContext ignored = LogContext.of("corr-7", "m-1")) {
                log.warn("refused window");
            }
        });

        assertThat(out).doesNotContain("not on the console").contains("WARN  d.c.edge.EdgeAgent corr=corr-7 - refused window");
    }

    @Test
    void format_isChosenByCascadeLogFormat_textByDefault() {
        assertThat(LogFormat.fromEnvironment(Map.of())).contains(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.ENV, " "))).contains(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.ENV, "JSON"))).contains(LogFormat.JSON);
        assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.ENV, "text"))).contains(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of(LogFormat.ENV, "xml"))).isEmpty();
        assertThat(LogFormat.problem(Map.of(LogFormat.ENV, "xml"))).isEqualTo("CASCADE_LOG_FORMAT must be text or json, was xml");
    }
}
