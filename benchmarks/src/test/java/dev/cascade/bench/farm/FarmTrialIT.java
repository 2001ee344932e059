package dev.cascade.bench.farm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.testkit.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FarmTrialIT {

    @Test
    @Timeout(300)
    void shortTrial_runsTheFieldsThroughThePipeline_andReportsBothStrategies(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("farm.json");
        StringWriter out = new StringWriter();
        Path keys = TestModels.dir().getParent().resolve("keys");
        FarmTrial.Settings settings = new FarmTrial.Settings(10, 2, 10, 20, 30, 20.5, 15, Duration.ofHours(2),
                Trial.Climate.CHANGEABLE, false, 7, List.of(), TestModels.dir(), keys, Optional.of(report));

        int code = new FarmTrial(settings).run(new PrintWriter(out));

        assertThat(code).as(out.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("timer").get("minutesPerDay").asInt()).isBetween(0, 180);
        assertThat(r.get("timer").get("inBand").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.get("cascade").get("inBand").asDouble()).as("zones watered through the pipeline stay in band")
                .isGreaterThanOrEqualTo(0.9);
        assertThat(r.get("cascade").get("litresPerZone").asLong()).as("Cascade watered").isPositive();
        assertThat(r.get("pipeline").get("commandsByEdge").asLong() + r.get("pipeline").get("commandsByCloud").asLong())
                .as("valve commands issued by the edge or the cloud").isPositive();
        assertThat(r.get("pipeline").get("commandsAcked").asLong()).as("valve commands acknowledged: %s", r.get("pipeline")).isPositive();
        // Per zone: one window carrying the first 12 h, then one per simulated hour.
        assertThat(r.get("pipeline").get("windows").asLong()).isGreaterThanOrEqualTo(2 * 36);
        assertThat(out.toString()).contains("Cascade kept the band");
    }

}
