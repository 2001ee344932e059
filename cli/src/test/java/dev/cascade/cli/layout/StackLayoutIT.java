package dev.cascade.cli.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.net.FreePort;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code infra/local/stack up} in full (brokers, five roles, the fleet) on free ports: {@code status} shows every role
 * ready, {@code kill ingest} and {@code start ingest} crash and restart it, {@code down} stops exactly the started pids.
 */
class StackLayoutIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> PROCESSES = List.of("mosquitto", "kafka", "edge", "ingest", "infer", "actuate",
            "dashboard", "simulate");

    private record Run(int exit, String output) {}

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void up_startsEveryProcessReady_killAndStartRestartOne_andDownStopsExactlyThosePids() throws Exception {
        Path runDir = REPO.resolve("cli/target/stack-it");
        deleteRecursively(runDir);
        int opsBase = freeRange(5);
        List<String> runDirOption = List.of("--run-dir", runDir.toString());
        List<String> options = new ArrayList<>(runDirOption);
        options.addAll(List.of("--mqtt-port", String.valueOf(FreePort.pick()), "--kafka-port", String.valueOf(FreePort.pick()),
                "--kafka-controller-port", String.valueOf(FreePort.pick()), "--ops-port", String.valueOf(opsBase),
                "--dashboard-port", String.valueOf(FreePort.pick())));
        Map<String, Long> pids = new LinkedHashMap<>();
        try {
            Run up = stack("up", options);
            assertThat(up.exit()).as(up.output()).isZero();
            for (String p : PROCESSES) {
                pids.put(p, pid(runDir, p));
            }
            assertThat(up.output()).contains("stack: edge ready (http://127.0.0.1:" + opsBase + "/health/ready)",
                    "stack: dashboard ready (http://127.0.0.1:" + (opsBase + 4) + "/health/ready)", "stack: started simulate");

            Run status = stack("status", runDirOption);
            for (String role : List.of("edge", "ingest", "infer", "actuate", "dashboard")) {
                assertThat(status.output()).as(status.output()).containsPattern(role + " +" + pids.get(role) + " +running +ready");
            }
            assertThat(status.output()).containsPattern("simulate +" + pids.get("simulate") + " +running");

            Run kill = stack("kill", List.of("ingest", "--run-dir", runDir.toString()));
            assertThat(kill.output()).as(kill.output()).contains("stack: killed ingest (pid " + pids.get("ingest") + ", SIGKILL)");
            assertThat(stack("status", runDirOption).output()).containsPattern("ingest +" + pids.get("ingest") + " +stopped");
            Run start = stack("start", List.of("ingest", "--run-dir", runDir.toString()));
            assertThat(start.exit()).as(start.output()).isZero();
            assertThat(start.output()).contains("stack: ingest ready (http://127.0.0.1:" + (opsBase + 1) + "/health/ready)");
            pids.put("ingest-restarted", pid(runDir, "ingest"));

            Run down = stack("down", runDirOption);
            assertThat(down.exit()).as(down.output()).isZero();
            for (String p : PROCESSES) {
                long pid = p.equals("ingest") ? pids.get("ingest-restarted") : pids.get(p);
                assertThat(down.output()).contains("stopped " + p + " (pid " + pid + ")");
            }
            assertThat(pids.values()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("pid %d after down", pid).isNotEqualTo(java.util.Optional.of(true)));
            for (String role : List.of("edge", "ingest", "infer", "actuate", "dashboard")) {
                assertThat(Files.readString(runDir.resolve("logs/" + role + ".log"))).contains(role + ": stopped");
            }
        } finally {
            pids.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static Run stack(String command, List<String> options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("infra/local/stack").toString(), command));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stack " + command + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    private static long pid(Path runDir, String name) throws IOException {
        return Long.parseLong(Files.readString(runDir.resolve("pids/" + name + ".pid")).trim().split(" ")[0]);
    }

    /** The first of {@code n} consecutive ports that are free now. */
    private static int freeRange(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = FreePort.pick();
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i < n && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i, 1, java.net.InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports found");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
