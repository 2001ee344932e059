package dev.cascade.cli.role;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every role command takes. */
final class RoleOptions {
    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "YAML configuration file (see docs/CONFIGURATION.md; any key can be overridden by its CASCADE_* "
                    + "environment variable)")
    Path config;

    @Option(names = "--print-config", description = "print the effective configuration (secrets masked) and exit")
    boolean printConfig;
}
