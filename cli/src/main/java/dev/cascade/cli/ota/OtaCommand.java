package dev.cascade.cli.ota;

import picocli.CommandLine.Command;

/** {@code cascade ota ...}: over-the-air model updates for edge agents. */
@Command(name = "ota", mixinStandardHelpOptions = true, subcommands = {OtaPublishCommand.class},
        description = "Over-the-air model updates: announce a signed bundle to gateways and serve it in chunks.")
public final class OtaCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
