package dev.cascade.cli.bench;

import dev.cascade.bench.pipeline.BenchPlan;
import dev.cascade.bench.pipeline.InstancePrice;
import dev.cascade.bench.pipeline.Layout;
import dev.cascade.bench.pipeline.ProcessLayout;
import dev.cascade.bench.processes.RoleLauncher;
import dev.cascade.cli.Cascade;
import dev.cascade.bench.pipeline.PipelineBench;
import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import dev.cascade.model.bundle.ModelBundleException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench pipeline}: N simulated devices at a total rate R through the real pipeline (in-process
 * brokers unless given), a warm-up left out, then throughput, latency percentiles, losses and duplicates, CPU and
 * memory per role and cost per million decided windows; the same load through the baselines; a sweep over device
 * counts. Writes {@code bench.json} and PNG charts. Exit codes: 0 done and nothing lost, 3 something lost or not
 * drained, 2 invalid options or models, 1 failure.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive simulated devices through the whole pipeline and measure it, beside baselines:",
                "(a) every window decided in the cloud, (b) one HTTP request per window to a per-request model server.",
                "Writes bench.json and PNG charts (latency over time, latency histogram, throughput vs devices, CPU by role)."})
public final class PipelineBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", defaultValue = "10000", description = "simulated devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "2000", paramLabel = "R",
            description = "total windows per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "left out of every figure, at the start of each phase; on 2 cores the JIT compiler competes for "
                    + "the CPU for about a minute (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured time of each phase after the warm-up (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--models", paramLabel = "DIR", description = "model registry folder (default: models/default)")
    Path models;

    @Option(names = "--mqtt", paramLabel = "URI", description = "an external MQTT broker (with --kafka); default: in-process")
    String mqtt;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "an external Kafka (with --mqtt); default: in-process")
    String kafka;

    @Option(names = "--out", paramLabel = "DIR", description = "report folder (default: reports/bench-<time>)")
    Path out;

    @Option(names = "--baselines", defaultValue = "all-to-cloud,http", paramLabel = "LIST",
            description = "baselines to run after the main phase: all-to-cloud, http, or none (default: ${DEFAULT-VALUE})")
    String baselines;

    @Option(names = "--sweep", defaultValue = "", paramLabel = "N,N,...",
            description = "device counts for throughput vs devices, each at the main phase's rate per device (default: none)")
    String sweep;

    @Option(names = "--sweep-duration", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measured time of each sweep point (default: ${DEFAULT-VALUE})")
    Duration sweepDuration;

    @Option(names = "--faults-per-minute", defaultValue = "300", paramLabel = "N",
            description = "machines given a strong fault per minute, so that commands flow (default: ${DEFAULT-VALUE})")
    double faultsPerMinute;

    @Option(names = "--action-cooldown", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "edge and cloud action cooldown per device (default: ${DEFAULT-VALUE}; the product default is 5m)")
    Duration actionCooldown;

    @Option(names = "--farm-share", defaultValue = "0.5", paramLabel = "F",
            description = "share of devices that are soil zones when the registry has soil models (default: ${DEFAULT-VALUE})")
    double farmShare;

    @Option(names = "--http-concurrency", defaultValue = "16", paramLabel = "N",
            description = "baseline (b): requests in flight and server threads (default: ${DEFAULT-VALUE})")
    int httpConcurrency;

    @Option(names = "--edge-workers", defaultValue = "1", description = "edge inference threads (default: ${DEFAULT-VALUE})")
    int edgeWorkers;

    @Option(names = "--cloud-workers", defaultValue = "1", description = "cloud consumer threads (default: ${DEFAULT-VALUE})")
    int cloudWorkers;

    @Option(names = "--partitions", defaultValue = "4", description = "partitions per Kafka topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--max-batch", defaultValue = "64", description = "largest cloud micro-batch (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--sim-workers", defaultValue = "2", description = "simulator threads (default: ${DEFAULT-VALUE})")
    int simWorkers;

    @Option(names = "--sim-connections", defaultValue = "4",
            description = "simulator MQTT connections (default: ${DEFAULT-VALUE})")
    int simConnections;

    @Option(names = "--seed", defaultValue = "1", description = "seeds devices, schedules and faults (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--instance", defaultValue = "c6i.large", paramLabel = "NAME",
            description = "instance the cost is priced on (default: ${DEFAULT-VALUE})")
    String instance;

    @Option(names = "--instance-price", defaultValue = "0.085", paramLabel = "USD_PER_HOUR",
            description = "its on-demand price per hour (default: ${DEFAULT-VALUE}, AWS us-east-1 Linux)")
    double instancePrice;

    @Option(names = "--instance-vcpus", defaultValue = "2", paramLabel = "N", description = "its vCPUs (default: ${DEFAULT-VALUE})")
    int instanceVcpus;

    @Option(names = "--max-load", defaultValue = "1.5", paramLabel = "L",
            description = "wait before starting until the 1-minute load average is below this; 0: do not wait "
                    + "(default: ${DEFAULT-VALUE})")
    double maxLoad;

    @Option(names = "--max-load-wait", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "measure anyway after waiting this long (recorded in the report) (default: ${DEFAULT-VALUE})")
    Duration maxLoadWait;

    @Option(names = "--prewarm", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "an unreported Cascade phase first (at most 500 windows/s) so the JIT has compiled the hot "
                    + "paths; 0s for none (default: ${DEFAULT-VALUE})")
    Duration prewarm;

    @Option(names = "--layout", defaultValue = "one-jvm", paramLabel = "LAYOUT",
            description = "one-jvm: every role and both brokers in this JVM; processes: mosquitto, Kafka and each role "
                    + "(edge, ingest, infer, actuate) as its own process from its example file, the fleet in this JVM; "
                    + "only the Cascade phase runs (default: ${DEFAULT-VALUE})")
    String layout;

    @Option(names = "--with-dashboard", description = "with --layout processes: start the dashboard as well")
    boolean withDashboard;

    @Option(names = "--jfr", description = "record each phase's measured interval with JFR (<out>/<phase>.jfr) and report "
            + "where each role spends its CPU")
    boolean jfr;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchPlan plan;
        try {
            plan = plan();
        } catch (BenchPlan.InvalidPlanException e) {
            err.println(e.getMessage());
            return 2;
        }
        Optional<Layout> l = Layout.of(layout);
        if (l.isEmpty()) {
            err.println("layout must be one-jvm or processes, was \"" + layout + "\"");
            return 2;
        }
        Optional<ProcessLayout> processes = l.get() == Layout.PROCESSES
                ? Optional.of(new ProcessLayout(RoleLauncher.ofThisJvm(System.getProperty("java.class.path"),
                        Cascade.class.getName(), Home.dir()), withDashboard))
                : Optional.empty();
        String commandLine = "cascade " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        try {
            return PipelineBench.run(plan, processes, commandLine.strip(), o);
        } catch (ModelBundleException e) {
            err.println(e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        } catch (Exception e) {
            err.println("benchmark failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** The plan the options describe; every problem at once. */
    BenchPlan plan() {
        List<String> problems = new ArrayList<>();
        List<Integer> sweepCounts = new ArrayList<>();
        for (String s : sweep.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                sweepCounts.add(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                problems.add("sweep must be a comma-separated list of device counts, was \"" + sweep + "\"");
                sweepCounts.clear();
                break;
            }
        }
        Set<BenchPlan.Baseline> bs = EnumSet.noneOf(BenchPlan.Baseline.class);
        if (!baselines.strip().equals("none")) {
            for (String s : baselines.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                Optional<BenchPlan.Baseline> b = BenchPlan.Baseline.of(s.strip());
                if (b.isEmpty()) {
                    problems.add("baselines must be a comma-separated list of all-to-cloud and http, or none, was \""
                            + baselines + "\"");
                    break;
                }
                bs.add(b.get());
            }
        }
        InstancePrice price = InstancePrice.C6I_LARGE;
        if (!instance.equals(price.name()) || instancePrice != price.dollarsPerHour() || instanceVcpus != price.vcpus()) {
            try {
                price = new InstancePrice(instance, instancePrice, instanceVcpus, "given on the command line");
            } catch (IllegalArgumentException e) {
                problems.add("instance " + e.getMessage());
            }
        }
        Path outDir = ReportDir.of(out, "bench");
        try {
            BenchPlan p = new BenchPlan(devices, rate, warmup, duration, models != null ? models : Home.defaultModels(),
                    Optional.ofNullable(mqtt), Optional.ofNullable(kafka), outDir, sweepCounts, sweepDuration,
                    faultsPerMinute, actionCooldown, farmShare, bs, httpConcurrency, edgeWorkers, cloudWorkers, partitions,
                    maxBatch, simWorkers, simConnections, seed, price, maxLoad, maxLoadWait, jfr, prewarm);
            if (!problems.isEmpty()) {
                throw new BenchPlan.InvalidPlanException(problems);
            }
            return p;
        } catch (BenchPlan.InvalidPlanException e) {
            List<String> all = new ArrayList<>(problems);
            if (!problems.equals(e.problems())) {
                all.addAll(e.problems());
            }
            throw new BenchPlan.InvalidPlanException(all);
        }
    }
}
