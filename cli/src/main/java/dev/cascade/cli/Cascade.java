package dev.cascade.cli;

import dev.cascade.cli.bench.BenchCommand;
import dev.cascade.cli.broker.BrokerCommand;
import dev.cascade.cli.demo.DemoCommand;
import dev.cascade.cli.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cascade} command line tool. */
@Command(name = "cascade", mixinStandardHelpOptions = true, versionProvider = Cascade.Version.class,
        description = "Cascade: a TinyML edge-to-cloud IoT pipeline (int8 TFLite at the edge, MQTT, Kafka, ONNX Runtime).",
        subcommands = {DemoCommand.class, BrokerCommand.class, SimulateCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Cascade implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "cascade-logback.xml");
        }
        System.exit(new CommandLine(new Cascade()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cascade.class.getPackage().getImplementationVersion();
            return new String[] {"cascade " + (v == null ? "development build" : v)};
        }
    }
}
