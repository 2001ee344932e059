package dev.cascade.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void invalidConfig_exitsWithTwo_listingEveryViolation() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "factory: {machines: -1}\nmqtt: {qos: 3}\n");
        Run r = run("--config", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid simulator configuration (2 problems)")
                .contains("mqtt.qos must be in [0, 1], was 3")
                .contains("factory.machines must be in [0, 100000], was -1");
    }

    @Test
    void badDuration_exitsWithTwo() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.yaml"), "mqtt: {enabled: false}\n");
        Run r = run("--config", ok.toString(), "--duration", "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--duration must be a duration like 30s, 5m or PT1H, was \"soon\"");
    }

    @Test
    void withoutABroker_generatesWindowsForTheDuration() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.yaml"),
                "mqtt: {enabled: false}\nstatusInterval: 500ms\nfactory: {machines: 3, windowsPerSecond: 20}\nfarm: {zones: 2}\n");
        Run r = run("--config", ok.toString(), "--duration", "2s");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("simulating 5 devices (3 machines, 2 zones, 0 replays) on no broker")
                .containsPattern("done: [1-9]\\d* windows in")
                .contains("failed 0");
    }

    @Test
    void configReference_printsTheSettingsTable() {
        Run r = run("--config-reference");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("| `factory.machines` | integer | `10` | vibration devices |");
    }
}
