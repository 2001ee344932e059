package dev.cascade.bench.pipeline;

import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of a benchmark report (XChart, headless). */
final class BenchCharts {
    static final String LATENCY_OVER_TIME = "latency-over-time.png";
    static final String LATENCY_HISTOGRAM = "latency-histogram.png";
    static final String THROUGHPUT_VS_DEVICES = "throughput-vs-devices.png";
    static final String CPU_BY_ROLE = "cpu-by-role.png";

    /** Distinct colours for up to 14 series (XChart's default palette repeats after 10). */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e), new java.awt.Color(0x2ca02c),
        new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd), new java.awt.Color(0x8c564b),
        new java.awt.Color(0xe377c2), new java.awt.Color(0x7f7f7f), new java.awt.Color(0xbcbd22),
        new java.awt.Color(0x17becf), new java.awt.Color(0x393b79), new java.awt.Color(0xad494a),
        new java.awt.Color(0x637939), new java.awt.Color(0xe7ba52)};

    private BenchCharts() {}

    /** Writes every chart into {@code dir}; returns the files written. */
    static List<Path> write(BenchReport r, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(save(latencyOverTime(r), dir.resolve(LATENCY_OVER_TIME)));
        out.add(save(latencyHistogram(r), dir.resolve(LATENCY_HISTOGRAM)));
        out.add(save(throughputVsDevices(r), dir.resolve(THROUGHPUT_VS_DEVICES)));
        out.add(save(cpuByRole(r), dir.resolve(CPU_BY_ROLE)));
        return out;
    }

    private static Path save(Chart<?, ?> chart, Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }

    private static XYChart latencyOverTime(BenchReport r) {
        XYChart c = new XYChartBuilder().width(1100).height(600).title("Latency per second (ms, log scale)")
                .xAxisTitle("seconds since the devices started").yAxisTitle("ms").build();
        style(c);
        c.getStyler().setYAxisLogarithmic(true);
        PhaseResult main = r.phases().get(BenchRun.CASCADE);
        if (main != null) {
            timeline(c, "Cascade sensor->ack p50", main, PhaseLoop.Tick::cloudAckP50);
            timeline(c, "Cascade sensor->ack p99", main, PhaseLoop.Tick::cloudAckP99);
            timeline(c, "Cascade sensor->verdict p99", main, PhaseLoop.Tick::verdictP99);
            timeline(c, "Cascade sensor->edge action p99", main, PhaseLoop.Tick::edgeActionP99);
            c.addAnnotation(new AnnotationLine(main.warmupSeconds(), true, false));
        }
        PhaseResult a = r.phases().get(BenchRun.ALL_TO_CLOUD);
        if (a != null) {
            timeline(c, "(a) all-to-cloud sensor->ack p99", a, PhaseLoop.Tick::cloudAckP99);
        }
        PhaseResult b = r.phases().get(BenchRun.HTTP);
        if (b != null) {
            timeline(c, "(b) HTTP per request sensor->verdict p99", b, PhaseLoop.Tick::verdictP99);
        }
        placeholder(c);
        return c;
    }

    private static void timeline(XYChart c, String name, PhaseResult p, ToDoubleFunction<PhaseLoop.Tick> f) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (PhaseLoop.Tick t : p.timeline()) {
            double v = f.applyAsDouble(t);
            if (!Double.isNaN(v) && v > 0) {
                x.add(t.t());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = c.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
    }

    private static XYChart latencyHistogram(BenchReport r) {
        XYChart c = new XYChartBuilder().width(1100).height(600)
                .title("Latency distribution of the measured windows (share of samples per bucket; buckets grow x1.25)")
                .xAxisTitle("ms (log scale)").yAxisTitle("% of samples").build();
        style(c);
        c.getStyler().setXAxisLogarithmic(true);
        PhaseResult main = r.phases().get(BenchRun.CASCADE);
        if (main != null) {
            histogram(c, "Cascade sensor->ack (cloud)", main, LatencyKind.CLOUD_ACK);
            histogram(c, "Cascade sensor->verdict", main, LatencyKind.VERDICT);
            histogram(c, "Cascade sensor->edge action", main, LatencyKind.EDGE_ACTION);
        }
        PhaseResult a = r.phases().get(BenchRun.ALL_TO_CLOUD);
        if (a != null) {
            histogram(c, "(a) all-to-cloud sensor->ack", a, LatencyKind.CLOUD_ACK);
        }
        PhaseResult b = r.phases().get(BenchRun.HTTP);
        if (b != null) {
            histogram(c, "(b) HTTP per request sensor->verdict", b, LatencyKind.VERDICT);
        }
        placeholder(c);
        return c;
    }

    private static void histogram(XYChart c, String name, PhaseResult p, LatencyKind kind) {
        Map<LatencyKind, Histogram> hs = p.histograms();
        Histogram h = hs == null ? null : hs.get(kind);
        if (h == null || h.getTotalCount() == 0) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double total = h.getTotalCount();
        for (HistogramIterationValue v : h.logarithmicBucketValues(10, 1.25)) {
            x.add(Math.max(0.001, v.getValueIteratedTo() / 1000.0));
            y.add(100 * v.getCountAddedInThisIterationStep() / total);
        }
        XYSeries s = c.addSeries(name + " (n=" + h.getTotalCount() + ")", x, y);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static XYChart throughputVsDevices(BenchReport r) {
        XYChart c = new XYChartBuilder().width(1000).height(600).title("Throughput vs devices (Cascade, whole pipeline)")
                .xAxisTitle("simulated devices").yAxisTitle("windows per second").build();
        style(c);
        List<PhaseResult> points = new ArrayList<>(r.sweep());
        PhaseResult main = r.phases().get(BenchRun.CASCADE);
        if (main != null) {
            points.add(main);
        }
        points.sort(Comparator.comparingInt(PhaseResult::devices));
        series(c, "offered", points, p -> p.offeredPerSecond());
        series(c, "in at the edge", points, p -> p.throughput().windowsInPerSecond());
        series(c, "decided", points, p -> p.throughput().decidedPerSecond());
        placeholder(c);
        return c;
    }

    private static void series(XYChart c, String name, List<PhaseResult> points, ToDoubleFunction<PhaseResult> f) {
        if (points.isEmpty()) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (PhaseResult p : points) {
            x.add((double) p.devices());
            y.add(f.applyAsDouble(p));
        }
        c.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    private static CategoryChart cpuByRole(BenchReport r) {
        CategoryChart c = new CategoryChartBuilder().width(1100).height(600)
                .title("CPU by role over the measured interval (cores; one JVM)").xAxisTitle("phase").yAxisTitle("cores")
                .build();
        c.getStyler().setStacked(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setSeriesColors(PALETTE);
        List<PhaseResult> phases = new ArrayList<>(r.phases().values());
        phases.addAll(r.sweep());
        if (phases.isEmpty()) {
            c.addSeries("none", List.of("none"), List.of(0.0));
            return c;
        }
        List<String> names = new ArrayList<>();
        phases.forEach(p -> names.add(p.name()));
        java.util.TreeSet<String> roles = new java.util.TreeSet<>();
        phases.forEach(p -> roles.addAll(p.resources().roles().keySet()));
        for (String role : roles) {
            List<Double> y = new ArrayList<>();
            for (PhaseResult p : phases) {
                RoleMeter.RoleUsage u = p.resources().roles().get(role);
                y.add(u == null ? 0.0 : u.cores());
            }
            c.addSeries(role, names, y);
        }
        List<Double> gc = new ArrayList<>();
        phases.forEach(p -> gc.add(p.resources().unattributedCores()));
        c.addSeries("GC, JIT, ended threads", names, gc);
        return c;
    }

    private static void style(XYChart c) {
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setSeriesColors(PALETTE);
    }

    /** XChart refuses to draw a chart without series. */
    private static void placeholder(XYChart c) {
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no data", List.of(1.0), List.of(1.0));
        }
    }
}
