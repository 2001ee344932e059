package dev.cascade.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/** A few seconds of the load harness behind {@code cascade bench pipeline} with a handful of devices on the shared brokers: the harness works. */
@WithBrokers
class BenchPipelineIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shortRun_withBothBaselinesAndASweepPoint_reportsEveryFigure_losesNothing_andDrawsTheCharts(TestBrokers brokers)
            throws Exception {
        StringWriter out = new StringWriter();
        BenchPlan plan = new BenchPlan(20, 40, Duration.ofSeconds(2), Duration.ofSeconds(3), TestModels.dir(),
                Optional.of(brokers.mqttUri()), Optional.of(brokers.kafkaBootstrap()), dir, List.of(10), Duration.ofSeconds(2),
                120, Duration.ofMillis(500), 0.5, EnumSet.allOf(BenchPlan.Baseline.class), 2, 1, 1, 4, 64, 1, 1, 1,
                InstancePrice.C6I_LARGE, 0, Duration.ofMinutes(10), false, Duration.ZERO);
        int exit = PipelineBench.run(plan, "BenchPipelineIT", new PrintWriter(out));
        assertThat(exit).as("exit code; stdout: %s", out).isZero();

        JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(r.path("lost").asLong(-1)).isZero();
        assertThat(r.path("machine").path("cpus").asInt()).isPositive();
        assertThat(r.path("sweep")).hasSize(1);
        for (String phase : new String[] {"cascade", "all-to-cloud", "http-per-request"}) {
            JsonNode p = r.path("phases").path(phase);
            assertThat(p.isObject()).as(phase).isTrue();
            assertThat(p.path("loss").path("lost").asLong(-1)).as(phase + " lost").isZero();
            assertThat(p.path("loss").path("drained").asBoolean()).as(phase + " drained").isTrue();
            assertThat(p.path("throughput").path("windowsInPerSecond").asDouble()).as(phase + " windows in").isPositive();
            assertThat(p.path("throughput").path("decidedPerSecond").asDouble()).as(phase + " decided").isPositive();
            assertThat(p.path("latencyMs").path("sensorToCloudVerdict").path("count").asLong()).as(phase + " verdicts")
                    .isPositive();
            assertThat(p.path("resources").path("processCores").asDouble()).as(phase + " cpu").isPositive();
            assertThat(p.path("resources").path("memory").path("rssMaxMB").asDouble()).as(phase + " rss").isPositive();
            double coreMs = p.path("cost").path("coreMillisPerWindow").asDouble();
            assertThat(coreMs).as(phase + " measured CPU per decided window").isPositive();
            assertThat(p.path("cost").path("dollarsPerMillion").asDouble()).as(phase + " cost priced from the measured CPU")
                    .isCloseTo(InstancePrice.C6I_LARGE.perMillionByCpu(coreMs / 1000), withinPercentage(1));
            assertThat(p.path("timeline").size()).as(phase + " timeline").isGreaterThanOrEqualTo(4);
        }
        JsonNode cascade = r.path("phases").path("cascade");
        assertThat(cascade.path("throughput").path("edgeShare").asDouble()).isGreaterThan(0.5);
        assertThat(cascade.path("resources").path("roles").has(ThreadRoles.EDGE)).isTrue();
        assertThat(cascade.path("resources").path("roles").has(ThreadRoles.CLOUD)).isTrue();
        JsonNode allToCloud = r.path("phases").path("all-to-cloud");
        assertThat(allToCloud.path("throughput").path("edgeShare").asDouble()).isZero();
        assertThat(allToCloud.path("throughput").path("uplinkBytesPerSecond").asDouble())
                .isGreaterThan(cascade.path("throughput").path("uplinkBytesPerSecond").asDouble());
        assertThat(r.path("comparisons").size()).isPositive();
        assertThat(r.has("targets")).as("product code names no acceptance targets").isFalse();
        assertThat(r.path("commandLine").asText()).isEqualTo("BenchPipelineIT");
        for (String png : new String[] {BenchCharts.LATENCY_OVER_TIME, BenchCharts.LATENCY_HISTOGRAM,
                BenchCharts.THROUGHPUT_VS_DEVICES, BenchCharts.CPU_BY_ROLE}) {
            byte[] head = Files.readAllBytes(dir.resolve(png));
            assertThat(head.length).as(png).isGreaterThan(1000);
            assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).as(png).isEqualTo("PNG");
        }
        assertThat(out.toString()).contains("Baselines (ratio = baseline / Cascade):").contains("Report: ")
                .doesNotContain("Targets:");
    }
}
