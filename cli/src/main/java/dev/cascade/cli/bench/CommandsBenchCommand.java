package dev.cascade.cli.bench;

import dev.cascade.bench.commands.CommandsBench;
import dev.cascade.cli.DurationConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench commands}: command on Kafka to actuator acknowledgement back on Kafka, through the actuators
 * bridge and simulated machines, at a fixed rate. Exit codes: 0 measured, 1 failed.
 */
@Command(name = "commands", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce commands to Kafka at a fixed rate, deliver them with the actuators bridge over MQTT to",
                "simulated machines, read the acknowledgements back from Kafka; print latency percentiles (in-process brokers)."})
public final class CommandsBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rate", defaultValue = "200", description = "commands per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "sent first, not measured (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--devices", defaultValue = "50", description = "simulated machines (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--signed", description = "the bridge signs every command (Ed25519) and the machines verify")
    boolean signed;

    @Option(names = "--ack-connections", defaultValue = "4",
            description = "the bridge's MQTT connections for acknowledgements (actuate.ack-connections; default: ${DEFAULT-VALUE})")
    int ackConnections;

    @Option(names = "--fate-linger-ms", defaultValue = "-1",
            description = "override the bridge producer's linger.ms (default: the project's producer setting)")
    int fateLingerMs;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            CommandsBench.Result r = CommandsBench.run(new CommandsBench.Plan(rate, warmup, duration, devices, signed,
                    ackConnections, fateLingerMs), o);
            return r.unacknowledged() == 0 ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("interrupted");
            return 1;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("bench commands failed: " + e);
            return 1;
        }
    }
}
