package dev.cascade.bench.pipeline;

import dev.cascade.model.bundle.ModelBundleException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The load harness behind {@code cascade bench pipeline}: runs a plan, writes its JSON report and charts, prints a summary. */
public final class PipelineBench {
    /** The report's file name in the plan's output folder. */
    public static final String REPORT = BenchRun.REPORT;

    private PipelineBench() {}

    /**
     * Runs {@code plan} and returns the exit code: 0 when nothing was lost and every phase drained, else 3.
     *
     * @param commandLine the arguments the run was started with, recorded in the report
     * @param out where progress and the summary go
     */
    public static int run(BenchPlan plan, String commandLine, PrintWriter out)
            throws IOException, ModelBundleException, InterruptedException {
        return run(plan, java.util.Optional.empty(), commandLine, out);
    }

    /**
     * As {@link #run(BenchPlan, String, PrintWriter)}, in the multi-process layout when {@code processes} is given:
     * the Cascade phase with mosquitto, Kafka and each role in its own process (baselines, sweep and prewarm need the
     * one-JVM layout and are left out).
     */
    public static int run(BenchPlan plan, java.util.Optional<ProcessLayout> processes, String commandLine,
                          PrintWriter out) throws IOException, ModelBundleException, InterruptedException {
        BenchReport r = BenchRun.run(plan, processes, commandLine, out);
        Path json = plan.out().resolve(REPORT);
        r.write(json);
        List<Path> charts = BenchCharts.write(r, plan.out());
        out.println();
        out.print(r.summary());
        out.println("Report: " + json.toAbsolutePath());
        charts.forEach(c -> out.println("Chart:  " + c.toAbsolutePath()));
        out.flush();
        boolean drained = r.phases().values().stream().allMatch(p -> p.loss().drained())
                && r.sweep().stream().allMatch(p -> p.loss().drained());
        return r.lost() == 0 && drained ? 0 : 3;
    }
}
