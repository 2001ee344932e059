package dev.cascade.cli.farmtrial;

import dev.cascade.bench.farm.FarmTrial;
import dev.cascade.bench.farm.Trial;
import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade farm-trial}: the options of the closed-loop farm trial ({@link FarmTrial}, in benchmarks/). */
@Command(name = "farm-trial", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Closed-loop farm: water the same simulated fields for --days with a fixed daily timer "
                + "(the shortest that keeps the band >= 95%% of the time) and with Cascade's irrigation models through "
                + "the whole pipeline; compare time in band and water used."})
public final class FarmTrialCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--days", defaultValue = "30", description = "simulated days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--zones", defaultValue = "12", description = "irrigated zones (default: ${DEFAULT-VALUE})")
    int zones;

    @Option(names = "--rate", defaultValue = "2", paramLabel = "N",
            description = "windows per wall second per zone; each window is one simulated hour (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--band-low", defaultValue = "20", description = "target band, lower edge, %% (default: ${DEFAULT-VALUE})")
    double bandLow;

    @Option(names = "--band-high", defaultValue = "30", description = "target band, upper edge, %% (default: ${DEFAULT-VALUE})")
    double bandHigh;

    @Option(names = "--irrigate-below", defaultValue = "20.5", paramLabel = "PCT",
            description = "Cascade irrigates when the 6 h moisture forecast falls below this, %% (default: ${DEFAULT-VALUE})")
    double irrigateBelow;

    @Option(names = "--minutes-per-percent", defaultValue = "15", paramLabel = "MIN",
            description = "watering per percentage point of forecast deficit (default: ${DEFAULT-VALUE})")
    double minutesPerPercent;

    @Option(names = "--max-watering", defaultValue = "2h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "the longest watering one command orders (default: ${DEFAULT-VALUE})")
    Duration maxWatering;

    @Option(names = "--climate", defaultValue = "CHANGEABLE",
            description = "the weather: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Trial.Climate climate;

    @Option(names = "--offline-sweep", description = "only tune: run the cloud model in the loop without the pipeline "
            + "over a grid of --irrigate-below values and print time in band and water")
    boolean offlineSweep;

    @Option(names = "--seed", defaultValue = "7", description = "weather and probe seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...",
            description = "with --offline-sweep: compare timer and model at --irrigate-below over these weather seeds")
    List<Long> seeds;

    @Option(names = "--models", paramLabel = "DIR", description = "model registry folder (default: models/default)")
    Path models;

    @Option(names = "--report", paramLabel = "FILE", description = "write the results as JSON")
    Path report;

    @Override
    public Integer call() throws Exception {
        FarmTrial.Settings settings;
        try {
            settings = new FarmTrial.Settings(days, zones, rate, bandLow, bandHigh, irrigateBelow, minutesPerPercent,
                    maxWatering, climate, offlineSweep, seed, seeds == null ? List.of() : seeds,
                    models != null ? models : Home.defaultModels(), Home.dir().resolve("models").resolve("keys"),
                    Optional.ofNullable(report));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        return new FarmTrial(settings).run(spec.commandLine().getOut());
    }
}
