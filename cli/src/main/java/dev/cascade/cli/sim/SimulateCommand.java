package dev.cascade.cli.sim;

import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.sim.config.ConfigException;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cascade simulate}: runs the simulated factory, farm and replays of a YAML configuration against
 * an MQTT broker, printing a status line at every interval, until {@code --duration} or Ctrl-C.
 * Exit codes: 0 done, 1 could not run (broker, files), 2 invalid configuration.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run simulated machines, soil zones and replays as MQTT devices (see simulators/CONFIG.md).")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (simulators/examples/sim.yaml)")
    Path config;

    @Option(names = "--duration", paramLabel = "DURATION", description = "run this long (30s, 5m, PT1H); overrides the file")
    String duration;

    @Option(names = "--embedded-broker", description = "start an in-process MQTT broker on a free port and use it")
    boolean embeddedBroker;

    @Option(names = "--config-reference", description = "print every setting with its default and meaning, then exit")
    boolean reference;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (reference) {
            out.print(SimConfig.reference());
            out.flush();
            return 0;
        }
        if (config == null) {
            err.println("--config FILE is required (or --config-reference)");
            return 2;
        }
        SimConfig c;
        try {
            c = SimConfig.load(config);
        } catch (ConfigException e) {
            err.println(config + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot read " + config + ": " + e);
            return 1;
        }
        Optional<Duration> runFor = c.duration();
        if (duration != null) {
            Optional<Duration> d = parse(duration);
            if (d.isEmpty()) {
                err.println("--duration must be a duration like 30s, 5m or PT1H, was \"" + duration + "\"");
                return 2;
            }
            runFor = d;
        }
        EmbeddedMqttBroker broker = null;
        try {
            if (embeddedBroker) {
                broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
                c = new SimConfig(c.namespace(), c.seed(), c.duration(), c.statusInterval(),
                        c.mqtt().withServerUri(broker.serverUri()), c.runner(), c.factory(), c.farm(), c.replay(), c.events(),
                        c.trustedKeys());
                out.println("embedded MQTT broker on " + broker.serverUri());
            }
            return run(c, runFor, out, err);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static int run(SimConfig c, Optional<Duration> runFor, PrintWriter out, PrintWriter err) {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "cascade-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Simulation sim;
        try {
            sim = Simulation.start(c, InstantSource.system(), FleetObserver.NONE);
        } catch (IOException | RuntimeException e) {
            err.println("cannot start the simulation: " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "simulating %d devices (%d machines, %d zones, %d replays) on %s, namespace %s%n",
                c.devices(), c.factory().machines(), c.farm().zones(), c.replay().size(),
                c.mqtt().enabled() ? c.mqtt().serverUri() : "no broker", c.namespace());
        out.flush();
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        long end = runFor.map(d -> wall0 + d.toNanos()).orElse(Long.MAX_VALUE);
        FleetStats previous = sim.stats();
        long prevCpu = cpu0;
        long prevWall = wall0;
        try (sim) {
            while (System.nanoTime() < end) {
                long wait = Math.min(c.statusInterval().toNanos(), end - System.nanoTime());
                if (stop.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    break;
                }
                FleetStats now = sim.stats();
                long cpu = cpuNanos();
                long wall = System.nanoTime();
                out.printf(Locale.ROOT, "%s  cpu %.0f%%%n", Simulation.statusLine(previous, now),
                        100.0 * (cpu - prevCpu) / Math.max(1, wall - prevWall));
                out.flush();
                previous = now;
                prevCpu = cpu;
                prevWall = wall;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FleetStats last = sim.stats();
        double wallS = (System.nanoTime() - wall0) / 1e9;
        double cpuS = (cpuNanos() - cpu0) / 1e9;
        out.printf(Locale.ROOT, "done: %d windows in %.1f s = %.0f windows/s, delivered %d, failed %d, slips %d; "
                        + "commands %d, acks %d; process CPU %.1f s = %.2f cores%n",
                last.windowsPublished(), wallS, last.windowsPublished() / wallS, last.windowsDelivered(),
                last.windowsFailed(), last.scheduleSlips(), last.commandsReceived(), last.acksTotal(), cpuS, cpuS / wallS);
        out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    private static Optional<Duration> parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Optional.of(Duration.ofMillis(n));
                case "s": return Optional.of(Duration.ofSeconds(n));
                case "m": return Optional.of(Duration.ofMinutes(n));
                default: return Optional.of(Duration.ofHours(n));
            }
        }
        try {
            return Optional.of(Duration.parse(text.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Runs the command on its own (the {@code cascade} tool registers it as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
