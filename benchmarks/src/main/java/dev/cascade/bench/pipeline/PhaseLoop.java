package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The clock of one phase: a tick every second (a status line, a point of the timeline), the counters at the
 * end of the warm-up and at the end of the measured interval, and the resources used in between.
 * Runs on the calling thread.
 *
 * @param <S> the phase's snapshot of its counters
 */
final class PhaseLoop<S> {
    /** The cumulative counts a tick turns into rates. */
    record Progress(long windowsIn, long decided, long escalated) {}

    /**
     * One second of a phase.
     *
     * @param t seconds since the phase's devices started
     * @param measured whether this second is inside the measured interval (after the warm-up)
     * @param windowsInPerSecond windows that reached the deciding side
     * @param decidedPerSecond windows decided (at the edge or in the cloud)
     * @param escalatedPerSecond windows sent to the cloud
     * @param cloudAckP50 sensor-to-acknowledgement latency of cloud commands this second, median, ms
     * @param cloudAckP99 the same, 99th percentile
     * @param verdictP50 sensor-to-cloud-verdict latency this second, median, ms
     * @param verdictP99 the same, 99th percentile
     * @param edgeActionP99 sensor-to-edge-action latency this second, 99th percentile, ms
     * @param processCores the process's CPU this second
     * @param loadAverage the machine's 1-minute load average
     */
    record Tick(double t, boolean measured, double windowsInPerSecond, double decidedPerSecond, double escalatedPerSecond,
                double cloudAckP50, double cloudAckP99, double verdictP50, double verdictP99, double edgeActionP99,
                double processCores, double loadAverage) {}

    /** What the loop saw. */
    record Outcome<S>(S atStart, S atEnd, double measuredSeconds, RoleMeter.Usage usage, List<Tick> ticks,
                      double loadMean, double loadMax, JfrProfile.Summary profile) {}

    private final String name;
    private final Duration warmup;
    private final Duration duration;
    private final Supplier<S> snapshot;
    private final Function<S, Progress> progress;
    private final LatencyBook book;
    private final PrintWriter out;
    private final java.util.Optional<JfrProfile> profile;

    PhaseLoop(String name, Duration warmup, Duration duration, Supplier<S> snapshot, Function<S, Progress> progress,
              LatencyBook book, PrintWriter out, java.util.Optional<JfrProfile> profile) {
        this.name = name;
        this.warmup = warmup;
        this.duration = duration;
        this.snapshot = snapshot;
        this.progress = progress;
        this.book = book;
        this.out = out;
        this.profile = profile;
    }

    /** Ticks from {@code startNanos} (when the devices started) until the measured interval ends. */
    Outcome<S> run(long startNanos) throws InterruptedException, java.io.IOException {
        RoleMeter meter = new RoleMeter();
        List<Tick> ticks = new ArrayList<>();
        long warmEnd = startNanos + warmup.toNanos();
        long end = warmEnd + duration.toNanos();
        S atStart = null;
        long measureStartNanos = 0;
        if (warmup.isZero()) {
            atStart = snapshot.get();
            meter.begin();
            startProfile();
            measureStartNanos = System.nanoTime();
        }
        Progress last = progress.apply(atStart != null ? atStart : snapshot.get());
        long lastNanos = System.nanoTime();
        long lastCpu = meter.sample();
        double loadSum = 0;
        double loadMax = 0;
        int loadN = 0;
        int second = 0;
        while (true) {
            second++;
            long next = Math.min(startNanos + second * 1_000_000_000L, end);
            sleepUntil(next);
            long now = System.nanoTime();
            boolean warmDone = atStart != null;
            S s = snapshot.get();
            if (!warmDone && now >= warmEnd) {
                atStart = s;
                meter.begin();
                startProfile();
                measureStartNanos = now;
            }
            long cpu = meter.sample();
            double dt = Math.max(1e-3, (now - lastNanos) / 1e9);
            Progress p = progress.apply(s);
            Map<LatencyKind, Histogram> lat = book.interval();
            double load = MachineInfo.loadAverage();
            Tick tick = new Tick(Math.round((now - startNanos) / 1e8) / 10.0, warmDone,
                    rate(p.windowsIn() - last.windowsIn(), dt), rate(p.decided() - last.decided(), dt),
                    rate(p.escalated() - last.escalated(), dt),
                    pct(lat.get(LatencyKind.CLOUD_ACK), 50), pct(lat.get(LatencyKind.CLOUD_ACK), 99),
                    pct(lat.get(LatencyKind.VERDICT), 50), pct(lat.get(LatencyKind.VERDICT), 99),
                    pct(lat.get(LatencyKind.EDGE_ACTION), 99),
                    RoleMeter.round((cpu - lastCpu) / 1e9 / dt), load);
            ticks.add(tick);
            out.println(line(tick));
            out.flush();
            if (warmDone) {
                loadSum += load;
                loadMax = Math.max(loadMax, load);
                loadN++;
            }
            last = p;
            lastNanos = now;
            lastCpu = cpu;
            if (now >= end) {
                RoleMeter.Usage usage = meter.end();
                JfrProfile.Summary prof = profile.isPresent() ? profile.get().stop() : JfrProfile.Summary.EMPTY;
                return new Outcome<>(atStart, s, (now - measureStartNanos) / 1e9, usage, ticks,
                        loadN == 0 ? load : RoleMeter.round(loadSum / loadN), loadN == 0 ? load : loadMax, prof);
            }
        }
    }

    private void startProfile() throws java.io.IOException {
        if (profile.isPresent()) {
            profile.get().start();
        }
    }

    private String line(Tick t) {
        return String.format(Locale.ROOT, "[%-14s %4.0fs %s] in %6.0f/s  decided %6.0f/s  escalated %5.0f/s | "
                        + "e2e p50 %s p99 %s | verdict p99 %s | edge action p99 %s | cpu %.2f cores | load %.2f",
                name, t.t(), t.measured() ? "measure" : "warm-up", t.windowsInPerSecond(), t.decidedPerSecond(),
                t.escalatedPerSecond(), ms(t.cloudAckP50()), ms(t.cloudAckP99()), ms(t.verdictP99()), ms(t.edgeActionP99()),
                t.processCores(), t.loadAverage());
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "    -" : String.format(Locale.ROOT, "%5.1fms", v);
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    private static double rate(long delta, double seconds) {
        return Math.round(delta / seconds * 10) / 10.0;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000), 0);
            if (wait < 1_000_000) {
                return;
            }
        }
    }
}
