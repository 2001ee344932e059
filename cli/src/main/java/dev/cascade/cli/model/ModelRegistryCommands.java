package dev.cascade.cli.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.factory.registry.ModelRegistry;
import dev.cascade.model.factory.registry.RegistryEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cascade model list|add|promote|shadow}: a registry folder of bundles. */
final class ModelRegistryCommands {
    private ModelRegistryCommands() {}

    /** Options shared by the registry commands. */
    static class RegistryOptions {
        @Option(names = "--registry", required = true, description = "The registry folder.")
        Path registry;

        @Option(names = "--trust", description = "Trusted public key(s); without it signatures are not checked.")
        Path trust;

        ModelRegistry open() throws IOException {
            return new ModelRegistry(registry, trust == null ? null : TrustedKeys.read(trust));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registry's models and versions.")
    static final class ListCommand extends RegistryOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.printf("%-32s %-8s %-9s %-7s %10s %-7s %-8s %s%n", "NAME", "VERSION", "TASK", "FORMAT", "BYTES",
                    "SIGNED", "PROMOTED", "PROBLEM");
            for (RegistryEntry e : open().list()) {
                System.out.printf("%-32s %-8s %-9s %-7s %10d %-7s %-8s %s%n", e.name(), e.version(), e.task(),
                        e.format(), e.sizeBytes(), e.signed() ? "yes" : "no", e.promoted() ? "yes" : "", e.problem());
            }
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Verify a bundle and copy it into the registry.")
    static final class AddCommand extends RegistryOptions implements Callable<Integer> {
        @Parameters(index = "0", description = "The bundle folder.")
        Path bundle;

        @Override
        public Integer call() throws Exception {
            ModelBundle b = open().add(bundle);
            System.out.println("added " + b.manifest().ref() + " at " + b.dir());
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Verify a version and make it the one edge and cloud should run.")
    static final class PromoteCommand extends RegistryOptions implements Callable<Integer> {
        @Parameters(index = "0", description = "Model name.")
        String name;

        @Parameters(index = "1", description = "Version.")
        String version;

        @Override
        public Integer call() throws Exception {
            open().promote(name, version);
            System.out.println("promoted " + name + "@" + version);
            return 0;
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
            description = "Verify a version and have the cloud workers score it beside the promoted one, reporting "
                    + "their disagreement (--clear ends it).")
    static final class ShadowCommand extends RegistryOptions implements Callable<Integer> {
        @Parameters(index = "0", description = "Model name.")
        String name;

        @Parameters(index = "1", arity = "0..1", description = "Version (omit with --clear).")
        String version;

        @Option(names = "--clear", description = "Stop shadow scoring of the model.")
        boolean clear;

        @Override
        public Integer call() throws Exception {
            if (clear == (version != null)) {
                throw new IllegalArgumentException("give either a version or --clear, was "
                        + (clear ? "both" : "neither"));
            }
            if (clear) {
                boolean had = open().clearShadow(name);
                System.out.println(had ? "cleared the shadow version of " + name : name + " had no shadow version");
            } else {
                open().shadow(name, version);
                System.out.println("shadowing " + name + "@" + version);
            }
            return 0;
        }
    }
}
