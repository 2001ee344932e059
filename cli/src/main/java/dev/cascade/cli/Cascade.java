package dev.cascade.cli;

import dev.cascade.cli.bench.BenchCommand;
import dev.cascade.cli.broker.BrokerCommand;
import dev.cascade.cli.dashboardtools.DashboardPasswordCommand;
import dev.cascade.cli.dashboardtools.ScreenshotCommand;
import dev.cascade.cli.certs.CertsCommand;
import dev.cascade.cli.demo.DemoCommand;
import dev.cascade.cli.farmtrial.FarmTrialCommand;
import dev.cascade.cli.logging.LogFormat;
import dev.cascade.cli.model.ModelCommand;
import dev.cascade.cli.reference.ReferenceCommand;
import dev.cascade.cli.role.ActuateCommand;
import dev.cascade.cli.role.DashboardCommand;
import dev.cascade.cli.role.EdgeCommand;
import dev.cascade.cli.role.InferCommand;
import dev.cascade.cli.role.IngestCommand;
import dev.cascade.cli.sim.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cascade} command line tool. */
@Command(name = "cascade", mixinStandardHelpOptions = true, versionProvider = Cascade.Version.class,
        description = "Cascade: a TinyML edge-to-cloud IoT pipeline (int8 TFLite at the edge, MQTT, Kafka, ONNX Runtime).",
        subcommands = {DemoCommand.class, BrokerCommand.class, SimulateCommand.class, BenchCommand.class,
                ModelCommand.class, FarmTrialCommand.class, EdgeCommand.class, IngestCommand.class, InferCommand.class,
                ActuateCommand.class, DashboardCommand.class, DashboardPasswordCommand.class, ScreenshotCommand.class,
                ReferenceCommand.class, CertsCommand.class, dev.cascade.cli.ota.OtaCommand.class,
                CommandLine.HelpCommand.class})
public final class Cascade implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            LogFormat format = LogFormat.fromEnvironment(System.getenv()).orElse(null);
            if (format == null) {
                System.err.println("cascade: " + LogFormat.problem(System.getenv()));
                System.exit(2);
            }
            System.setProperty("logback.configurationFile", format.resource());
        }
        System.exit(commandLine().execute(args));
    }

    /** The tool's command line, with every subcommand, ready to execute or to document. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cascade());
        cl.setUsageHelpWidth(110);
        return cl;
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
