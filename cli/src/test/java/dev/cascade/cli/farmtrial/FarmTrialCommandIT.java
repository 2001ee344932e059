package dev.cascade.cli.farmtrial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.cli.Cascade;
import dev.cascade.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FarmTrialCommandIT {

    @Test
    void shortTrial_runsTheFieldsThroughThePipeline_andReportsBothStrategies(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("farm.json");
        CommandLine cl = Cascade.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        System.setProperty("cascade.home", TestModels.dir().getParent().getParent().toString());

        int code = cl.execute("farm-trial", "--days", "2", "--zones", "2", "--rate", "10",
                "--models", TestModels.dir().toString(), "--report", report.toString());

        assertThat(code).as(out.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("timer").get("minutesPerDay").asInt()).isBetween(0, 180);
        assertThat(r.get("timer").get("inBand").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.get("cascade").get("inBand").asDouble()).isBetween(0.0, 1.0);
        // Per zone: one window carrying the first 12 h, then one per simulated hour.
        assertThat(r.get("pipeline").get("windows").asLong()).isGreaterThanOrEqualTo(2 * 36);
        assertThat(out.toString()).contains("Cascade kept the band");
    }
}
