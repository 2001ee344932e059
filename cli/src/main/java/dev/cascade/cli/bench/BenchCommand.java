package dev.cascade.cli.bench;

import dev.cascade.cli.dashboardtools.DashboardBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cascade bench}: Cascade's own load harness (it lives in the benchmarks/ module, beside the JMH microbenchmarks). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the pipeline: throughput, latency, losses, CPU per role and cost, beside baselines.",
                "Microbenchmarks (codecs, FFT, features, TFLite, ONNX): see docs/BENCHMARKS.md."},
        subcommands = {PipelineBenchCommand.class, RolesBenchCommand.class, IngestBenchCommand.class,
                EdgeBenchCommand.class, OutboxBenchCommand.class, AlarmsBenchCommand.class, DashboardBenchCommand.class,
                CommandsBenchCommand.class, OtaBenchCommand.class, EdgeLocalBenchCommand.class,
                CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
