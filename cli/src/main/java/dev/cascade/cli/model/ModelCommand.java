package dev.cascade.cli.model;

import dev.cascade.model.runtime.ModelLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cascade model ...}: train, quantise, export, evaluate, inspect, run, import, sign and verify models,
 * and manage a registry. Add it to the top-level command with {@code subcommands = ModelCommand.class}, or run
 * it alone with {@link #execute(String...)}.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Make, check and manage the models Cascade runs.",
        subcommands = {
            ModelTrainCommand.class,
            ModelQuantizeCommand.class,
            ModelExportCommand.class,
            ModelEvalCommand.class,
            ModelInspectCommand.class,
            ModelRunCommand.class,
            ModelImportCommand.class,
            ModelKeygenCommand.class,
            ModelSignCommand.class,
            ModelVerifyCommand.class,
            ModelRegistryCommands.ListCommand.class,
            ModelRegistryCommands.AddCommand.class,
            ModelRegistryCommands.PromoteCommand.class,
            ModelRegistryCommands.ShadowCommand.class,
            ModelDefaultsCommand.class
        })
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line for {@code model} whose expected failures print one line and exit 1. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new ModelCommand()));
    }

    /** Makes expected failures (bad files, bad models, bad arguments) print {@code error: ...} and exit 1. */
    public static CommandLine configure(CommandLine cl) {
        return cl.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof IOException || ex instanceof IllegalArgumentException
                    || ex instanceof ModelLoadException || ex instanceof IllegalStateException) {
                err.println("error: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
    }

    /** Runs {@code model} with these arguments; returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
