package dev.cascade.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.bench.alarms.AlarmBench;
import dev.cascade.cli.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade bench alarms}: alert raised on Kafka to signed webhook delivered, with an in-process Kafka. */
@Command(name = "alarms", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce anomaly alerts (each for a new device) into an in-process Kafka; the alarm service raises",
                "an alarm for each and posts it to a local webhook; print the alert-to-webhook latency percentiles."})
public final class AlarmsBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "PER_SECOND", description = "alerts a second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "how long to send (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "leading part not measured (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--report", paramLabel = "FILE", description = "write the figures as JSON")
    Path report;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            AlarmBench.Result r = AlarmBench.run(rate, duration, warmup, o);
            if (report != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), r);
                o.println("Report: " + report.toAbsolutePath());
            }
            return r.delivered() == r.sent() && r.badSignatures() == 0 ? 0 : 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench alarms failed: " + e);
            return 1;
        }
    }
}
