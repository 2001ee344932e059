package dev.cascade.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.bench.pipeline.BenchPlan;
import dev.cascade.bench.pipeline.InstancePrice;
import dev.cascade.bench.pipeline.PipelineBench;
import dev.cascade.bench.pipeline.ProcessLayout;
import dev.cascade.bench.processes.RoleLauncher;
import dev.cascade.cli.Cascade;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few seconds of {@code cascade bench pipeline --layout processes}: mosquitto, Kafka and the four roles each in its
 * own process, a handful of devices; the report has every process's start-to-ready, CPU and RSS, the latency figures,
 * and nothing lost; no process is left running.
 */
class BenchProcessesLayoutIT {
    private static final List<String> PROCESSES = List.of("mosquitto", "kafka", "edge", "ingest", "infer", "actuate");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void shortPhase_inProcessesLayout_reportsStartToReadyCpuAndRssPerRole_latencies_andLosesNothing() throws Exception {
        Path home = repository();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessLayout layout = new ProcessLayout(RoleLauncher.ofThisJvm(cp, Cascade.class.getName(), home), false);
        BenchPlan plan = new BenchPlan(20, 40, Duration.ofSeconds(4), Duration.ofSeconds(6),
                home.resolve("models/default"), Optional.empty(), Optional.empty(), dir, List.of(), Duration.ofSeconds(1),
                120, Duration.ofMillis(500), 0.5, Set.of(), 2, 1, 1, 4, 64, 1, 1, 1, InstancePrice.C6I_LARGE, 0,
                Duration.ZERO, false, Duration.ZERO);
        StringWriter out = new StringWriter();

        int exit = PipelineBench.run(plan, Optional.of(layout), "BenchProcessesLayoutIT", new PrintWriter(out));

        assertThat(exit).as("exit code; stdout: %s", out).isZero();
        JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(r.path("plan").path("layout").asText()).isEqualTo("processes");
        assertThat(r.path("lost").asLong(-1)).isZero();
        JsonNode p = r.path("phases").path("cascade");
        assertThat(p.path("loss").path("drained").asBoolean()).as("drained; stdout: %s", out).isTrue();
        assertThat(p.path("throughput").path("windowsInPerSecond").asDouble()).isPositive();
        assertThat(p.path("throughput").path("decidedPerSecond").asDouble()).isPositive();
        for (String latency : new String[] {"sensorToCloudVerdict", "sensorToEdgeAction"}) {
            assertThat(p.path("latencyMs").path(latency).path("count").asLong()).as(latency + "; stdout: %s", out)
                    .isPositive();
            assertThat(p.path("latencyMs").path(latency).path("p50").asDouble()).as(latency).isPositive();
        }
        JsonNode procs = p.path("processes");
        assertThat(procs.size()).as("processes: %s", procs).isEqualTo(PROCESSES.size());
        for (String role : PROCESSES) {
            JsonNode u = procs.path(role);
            assertThat(u.path("startToReadyMs").asDouble()).as(role + " start-to-ready").isPositive();
            assertThat(u.path("rssEndMiB").asDouble()).as(role + " RSS").isPositive();
            assertThat(u.path("rssPeakMiB").asDouble()).as(role + " peak RSS").isGreaterThanOrEqualTo(u.path("rssEndMiB")
                    .asDouble());
            if (!role.equals("mosquitto")) {
                // mosquitto at 40 windows/s may use less than one 10 ms clock tick in the interval
                assertThat(u.path("cpuSeconds").asDouble()).as(role + " CPU").isPositive();
            }
            long pid = u.path("pid").asLong();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as(role + " stopped").isFalse();
        }
        assertThat(p.path("cost").path("pipelineCores").asDouble()).isPositive();
        assertThat(out.toString()).contains("Processes of cascade").contains("edge      pid");
        assertThat(Files.exists(dir.resolve("processes/cascade/edge.log"))).isTrue();
    }

    private static Path repository() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("edge-agent/examples/edge.yaml")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("the repository is not at or above " + Path.of("").toAbsolutePath());
    }
}
