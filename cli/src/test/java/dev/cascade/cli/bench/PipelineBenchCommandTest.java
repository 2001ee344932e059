package dev.cascade.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cli.Cascade;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PipelineBenchCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Cascade());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void invalidOptions_exitWithTwo_namingEveryProblem() {
        Run r = run("bench", "pipeline", "--devices", "0", "--sweep", "10,x", "--baselines", "http,grpc",
                "--mqtt", "tcp://127.0.0.1:1883", "--max-load", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid benchmark plan (4 problems)")
                .contains("sweep must be a comma-separated list of device counts, was \"10,x\"")
                .contains("baselines must be a comma-separated list of all-to-cloud and http, or none, was \"http,grpc\"")
                .contains("devices must be in [1, 100000], was 0")
                .contains("mqttUri and kafkaBootstrap must be given together (external brokers) or not at all");
    }

    @Test
    void missingModelRegistry_exitsWithTwo_beforeStartingAnything() {
        Run r = run("bench", "pipeline", "--models", dir.resolve("nowhere").toString(), "--max-load", "0",
                "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nowhere").contains("model registry folder does not exist");
    }

    @Test
    void ingestBench_withAnUnknownKafkaLayout_exitsWithTwo_namingTheChoices_beforeStartingAnything() {
        Run r = run("bench", "ingest", "--kafka", "remote", "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--kafka must be process or in-process, was remote");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void benchWithoutSubcommand_printsItsUsage() {
        Run r = run("bench");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: cascade bench").contains("pipeline");
    }
}
