package dev.cascade.cli.model;

import dev.cascade.model.factory.build.DefaultModels;
import dev.cascade.sim.farm.SoilType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade model defaults}: rebuild the committed default models. */
@Command(name = "defaults", mixinStandardHelpOptions = true,
        description = "Train, evaluate and write the default models (vibration from the factory simulator,"
                + " irrigation from the farm simulator) as version 1 under --out.")
final class ModelDefaultsCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "models/default", description = "Folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--replace", description = "Replace existing default bundles of version 1.")
    boolean replace;

    @Override
    public Integer call() throws Exception {
        DefaultModels.build(out, replace, SimulatorTrainingData.vibration(), SimulatorTrainingData.soil(SoilType.LOAM),
                System.out);
        return 0;
    }
}
