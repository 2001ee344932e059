package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raspberry Pi assets: the unit's settings parsed from the file, {@code systemd-analyze verify} where it is
 * installed, and install.sh run for real under a scratch root (no user, chown or systemctl there: --root).
 * Not checked here: that the service starts under systemd on a Pi.
 */
class PiUnitTest {
    static final Path PI = Path.of("pi");

    @Test
    void unit_runsTheEdgeRoleAsItsOwnUserWithRestartMemoryCapAndHardening() throws IOException {
        Map<String, List<String>> s = section(Files.readAllLines(PI.resolve("cascade-edge.service")), "Service");

        assertThat(s.get("User")).containsExactly("cascade-edge");
        assertThat(s.get("ExecStart")).singleElement().asString()
                .startsWith("/usr/bin/java $JAVA_OPTS ")
                .contains("-Dorg.bytedeco.javacpp.cachedir=/var/lib/cascade-edge/javacpp")
                .endsWith("-jar /opt/cascade-edge/cascade.jar edge --config /etc/cascade/edge.yaml");
        assertThat(s.get("Restart")).containsExactly("always");
        assertThat(s.get("RestartSec")).containsExactly("2s");
        assertThat(s.get("RestartMaxDelaySec")).containsExactly("60s");
        assertThat(s.get("MemoryMax")).containsExactly("192M");
        assertThat(s.get("StateDirectory")).containsExactly("cascade-edge");
        assertThat(s.get("StandardOutput")).containsExactly("journal");
        assertThat(s.get("ProtectSystem")).containsExactly("strict");
        assertThat(s.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(s.get("CapabilityBoundingSet")).containsExactly("");
        assertThat(s.get("Environment")).singleElement().asString().contains("-Xmx64m").contains("-XX:+UseSerialGC")
                .endsWith("\" \"CASCADE_LOG_FORMAT=json");
        assertThat(section(Files.readAllLines(PI.resolve("cascade-edge.service")), "Unit").get("StartLimitIntervalSec"))
                .containsExactly("0");
    }

    @Test
    @Timeout(60)
    void unit_passesSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed here");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")), "ExecStart's /usr/bin/java is not on this machine");

        Result r = run(List.of("/usr/bin/systemd-analyze", "verify", PI.resolve("cascade-edge.service").toAbsolutePath().toString()));

        assertThat(r.status()).isZero();
        // systemd older than 254 (Debian bookworm has 252) does not know the backoff keys and ignores them.
        assertThat(r.output().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)' in section \\[Service\\], ignoring\\.")))
                .isEmpty();
    }

    @Test
    @Timeout(60)
    void installScript_isValidBash() throws Exception {
        Result r = run(List.of("bash", "-n", PI.resolve("install.sh").toString()));

        assertThat(r.output()).isEmpty();
        assertThat(r.status()).isZero();
    }

    @Test
    @Timeout(120)
    void installScript_underARoot_installsDistributionModelsConfigCertsAndUnit_andKeepsConfigOnRerun(@TempDir Path tmp)
            throws Exception {
        Path dist = Files.createDirectories(tmp.resolve("dist/lib"));
        Files.writeString(dist.resolve("old.jar"), "old");
        Files.writeString(tmp.resolve("dist/cascade.jar"), "jar");
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        for (String f : List.of("ca.pem", "gateway.pem", "gateway.key")) {
            Files.writeString(certs.resolve(f), f);
        }
        Path root = tmp.resolve("root");
        List<String> install = List.of("bash", PI.resolve("install.sh").toString(), "--root", root.toString(),
                "--dist", tmp.resolve("dist").toString(), "--models", Path.of("../models/default").toString(),
                "--certs", certs.toString());

        Result first = run(install);

        assertThat(first.output()).contains("cascade-edge installed under " + root);
        assertThat(first.status()).isZero();
        assertThat(root.resolve("opt/cascade-edge/cascade.jar")).hasContent("jar");
        assertThat(root.resolve("opt/cascade-edge/lib/old.jar")).exists();
        assertThat(root.resolve("opt/cascade-edge/models/vibration-anomaly-edge/1")).isDirectory();
        assertThat(root.resolve("opt/cascade-edge/models/irrigation-edge/1")).isDirectory();
        assertThat(root.resolve("opt/cascade-edge/models/irrigation-cloud")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/cascade-edge.service")).hasSameTextualContentAs(PI.resolve("cascade-edge.service"));
        assertThat(root.resolve("etc/cascade/edge.yaml")).hasSameTextualContentAs(PI.resolve("edge.yaml"));
        assertThat(mode(root.resolve("etc/cascade/certs/gateway.key"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("etc/cascade/certs/ca.pem"))).isEqualTo("rw-------");
        assertThat(mode(root.resolve("var/lib/cascade-edge/javacpp"))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(PI.resolve("edge.yaml")))
                .contains("vibration: /opt/cascade-edge/models/vibration-anomaly-edge/1")
                .contains("cert-file: /etc/cascade/certs/gateway.pem");

        Files.writeString(root.resolve("etc/cascade/edge.yaml"), "edge:\n  gateway-id: site-7\n");
        Files.delete(dist.resolve("old.jar"));
        Files.writeString(dist.resolve("new.jar"), "new");
        Result second = run(install);

        assertThat(second.status()).isZero();
        assertThat(root.resolve("etc/cascade/edge.yaml")).hasContent("edge:\n  gateway-id: site-7");
        assertThat(root.resolve("opt/cascade-edge/lib/new.jar")).exists();
        assertThat(root.resolve("opt/cascade-edge/lib/old.jar")).doesNotExist();
    }

    @Test
    @Timeout(60)
    void installScript_withIncompleteCertificates_refusesBeforeTouchingAnything(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("dist/lib"));
        Files.writeString(tmp.resolve("dist/cascade.jar"), "jar");
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        Files.writeString(certs.resolve("ca.pem"), "ca");

        Result r = run(List.of("bash", PI.resolve("install.sh").toString(), "--root", tmp.resolve("root").toString(),
                "--dist", tmp.resolve("dist").toString(), "--certs", certs.toString()));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.output()).contains("--certs must hold ca.pem, gateway.pem and gateway.key, was missing " + certs + "/gateway.pem");
        assertThat(tmp.resolve("root")).doesNotExist();
    }

    /** key to values (a key may repeat) of one [section] of a unit file, comments and blank lines skipped. */
    static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = "";
        for (String raw : lines) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                current = l.substring(1, l.length() - 1);
            } else if (current.equals(name)) {
                int eq = l.indexOf('=');
                String value = l.substring(eq + 1).strip();
                if (value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                out.computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    record Result(int status, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
