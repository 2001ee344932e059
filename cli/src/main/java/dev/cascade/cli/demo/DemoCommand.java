package dev.cascade.cli.demo;

import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import dev.cascade.cli.logging.ProcessRole;
import dev.cascade.pipeline.ModelCatalog;
import dev.cascade.pipeline.Pipeline;
import dev.cascade.pipeline.security.DemoIdentities;
import dev.cascade.pipeline.PipelineOptions;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.sim.config.ConfigException;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade demo}: the whole pipeline on one machine, on embedded brokers, with a small simulated
 * factory and farm, a status line every second, and a JSON report at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole pipeline in one process: in-process MQTT broker and Kafka, edge agent, ingest, "
                + "cloud workers, command delivery, dashboard, and a simulated factory and farm.",
                "A bearing fault starts in press-0002 at --fault-at and an imbalance in press-0005 ten seconds later; "
                        + "watch them get stopped. Stops on Ctrl-C or after --duration."})
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop after this long (e.g. 30s, 5m); default: run until Ctrl-C")
    Duration duration;

    @Option(names = "--report", paramLabel = "FILE", description = "write a JSON summary here when the demo ends")
    Path report;

    @Option(names = "--models", paramLabel = "DIR", description = "model registry folder (default: models/default)")
    Path models;

    @Option(names = "--trusted-keys", paramLabel = "DIR",
            description = "Ed25519 public keys whose model signatures are accepted (default: models/keys)")
    Path trustedKeys;

    @Option(names = "--allow-unsigned", description = "run models without checking their signatures")
    boolean allowUnsigned;

    @Option(names = "--machines", defaultValue = "8", description = "simulated machines (default: ${DEFAULT-VALUE})")
    int machines;

    @Option(names = "--machine-rate", defaultValue = "5", paramLabel = "N",
            description = "vibration windows per second per machine (default: ${DEFAULT-VALUE})")
    double machineRate;

    @Option(names = "--zones", defaultValue = "12", description = "simulated soil zones (default: ${DEFAULT-VALUE})")
    int zones;

    @Option(names = "--fault-at", defaultValue = "8s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "when the bearing fault starts in press-0002 (default: ${DEFAULT-VALUE})")
    Duration faultAt;

    @Option(names = "--no-edge-action", description = "the edge never acts alone: every stop comes from the cloud")
    boolean noEdgeAction;

    @Option(names = "--dashboard-port", defaultValue = "8080", paramLabel = "PORT",
            description = "live dashboard port; 0 turns it off (default: ${DEFAULT-VALUE})")
    int dashboardPort;

    @Option(names = "--mqtt-port", defaultValue = "0", paramLabel = "PORT", description = "in-process MQTT port (0: any free)")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "PORT", description = "in-process Kafka port (0: any free)")
    int kafkaPort;

    @Override
    public Integer call() throws Exception {
        ProcessRole.mark("demo");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path registry = models != null ? models : Home.defaultModels();
        ModelCatalog catalog;
        try {
            catalog = ModelCatalog.scan(registry);
        } catch (ModelBundleException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (machines < 6 || machineRate <= 0) {
            err.println("--machines must be >= 6 (faults go to press-0002 and press-0005) and --machine-rate > 0");
            return 2;
        }
        EscalationPolicy policy = EscalationPolicy.defaults().withActLocally(!noEdgeAction);
        PipelineOptions options = PipelineOptions.defaults(registry).withTopics(Topics.DEFAULT)
                .withPorts(mqttPort, kafkaPort).withPolicy(policy);
        if (!allowUnsigned) {
            Path keys = trustedKeys != null ? trustedKeys : Home.dir().resolve("models").resolve("keys");
            if (!java.nio.file.Files.exists(keys)) {
                err.println(keys + ": no trusted keys to check model signatures with (give --trusted-keys DIR, "
                        + "or --allow-unsigned to run unchecked models)");
                return 2;
            }
            options = options.withTrustedKeys(keys);
        }
        out.println("Starting Cascade: brokers, edge agent, ingest, cloud workers, command delivery ...");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cascade-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Pipeline pipeline = Pipeline.startSecured(options, InstantSource.system())) {
            DemoStatus status = new DemoStatus(pipeline);
            try (Dashboards dashboard = Dashboards.start(dashboardPort, pipeline.kafkaBootstrap(), Topics.DEFAULT,
                    status::latest, out)) {
                return run(pipeline, status, catalog, registry, stop, out);
            }
        } catch (ModelBundleException e) {
            err.println(e.getMessage());
            return 2;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private int run(Pipeline pipeline, DemoStatus status, ModelCatalog catalog, Path registry, CountDownLatch stop,
                    PrintWriter out) throws Exception {
            SimConfig sim = simConfig(pipeline, catalog);
            out.printf("Pipeline up: MQTT %s, Kafka %s; edge models for %s (TFLite), cloud models for %s (%s)%n",
                    pipeline.mqttUri(), pipeline.kafkaBootstrap(), catalog.edge().keySet(), catalog.cloud().keySet(),
                    String.join(", ", new java.util.TreeSet<>(pipeline.cloud().backends().values())));
            if (!catalog.edge().containsKey(SensorKind.SOIL)) {
                out.println("No soil models in " + registry + ": the farm is not simulated.");
            }
            long t0 = System.nanoTime();
            FleetObserver ledger = new FleetObserver() {
                @Override
                public void windowSent(dev.cascade.protocol.window.SensorWindow window) {
                    pipeline.monitor().ledger().sent(window.correlationId().value());
                }
            };
            try (Simulation simulation = Simulation.start(sim, InstantSource.system(), ledger)) {
                status.attach(simulation);
                long deadline = duration == null ? Long.MAX_VALUE : t0 + duration.toNanos();
                while (System.nanoTime() < deadline) {
                    long wait = Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    out.println(status.line());
                    out.flush();
                }
                out.println("Stopping the sensors and draining the pipeline ...");
                out.flush();
            }
            DemoReport r = status.drainAndReport(Duration.ofNanos(System.nanoTime() - t0), Duration.ofSeconds(15));
            out.println(r.summary());
            if (report != null) {
                r.write(report);
                out.println("Report written to " + report.toAbsolutePath());
            }
            out.flush();
            return r.exitCode();
    }

    private SimConfig simConfig(Pipeline pipeline, ModelCatalog catalog) throws IOException, ConfigException {
        int frames = 10;
        double soilRate = 1;
        boolean farm = catalog.edge().containsKey(SensorKind.SOIL) && zones > 0;
        if (farm) {
            frames = ModelBundle.load(catalog.edge().get(SensorKind.SOIL)).manifest().features().windowSize();
        }
        String yaml = """
                namespace: %s
                seed: 7
                mqtt:
                  serverUri: %s
                  connections: 2
                runner:
                  workers: 2
                  jitter: 0.05
                factory:
                  machines: %d
                  idPrefix: press-
                  windowsPerSecond: %s
                  timeAcceleration: 60
                farm:
                  zones: %d
                  idPrefix: zone-
                  windowsPerSecond: %s
                  framesPerWindow: %d
                  sampleInterval: 10m
                  soils: [LOAM, SAND, CLAY]
                  zonesPerField: 6
                  band: {lowPct: 20, highPct: 30}
                events:
                  - at: %s
                    devices: {prefix: press-0002, share: 1.0}
                    fault: {type: BEARING_OUTER, severity: 0.2, growthPerHour: 1.0}
                  - at: %s
                    devices: {prefix: press-0005, share: 1.0}
                    fault: {type: IMBALANCE, severity: 0.1, growthPerHour: 2.0}
                """.formatted(Topics.DEFAULT.namespace(), pipeline.mqttUri(), machines, machineRate, farm ? zones : 0,
                soilRate, frames, faultAt.toMillis() + "ms", faultAt.plusSeconds(10).toMillis() + "ms");
        // The simulated fleet logs in to the secured embedded broker (a per-run password, in memory only).
        if (pipeline.identities().isPresent()) {
            String pw = pipeline.identities().get().password(DemoIdentities.SIMULATOR);
            yaml = yaml.replace("  connections: 2\n", "  connections: 2\n  clientId: " + DemoIdentities.SIMULATOR
                    + "\n  username: " + DemoIdentities.SIMULATOR + "\n  password: " + pw + "\n");
        }
        return SimConfig.parse(yaml, Home.dir());
    }
}
