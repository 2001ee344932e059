package dev.cascade.cli.farmtrial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cli.Cascade;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FarmTrialCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cascade.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void noZones_exitsWithTwo_namingTheField_beforeStartingAnything() {
        Run r = run("farm-trial", "--zones", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("zones must be >= 1, was 0");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void help_listsEveryOptionOfTheTrial() {
        Run r = run("farm-trial", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: cascade farm-trial").contains("--days").contains("--zones").contains("--rate")
                .contains("--irrigate-below").contains("--climate").contains("--offline-sweep").contains("--seeds")
                .contains("--report");
    }
}
