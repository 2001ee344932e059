package dev.cascade.cli.role;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A role's command: {@code --config FILE [--print-config]}, run by the shared {@link RoleRunner}.
 * Exit codes: 0 stopped cleanly (SIGTERM) or config printed, 1 broker unreachable or start/stop failed, 2 invalid
 * configuration.
 */
abstract class RoleCommand<T> implements Callable<Integer>, Role<T> {
    @Spec
    CommandSpec spec;

    @Mixin
    RoleOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return RoleRunner.forProcess(out, err).run(this, options.config, options.printConfig, new StopSignal(), true);
    }
}
