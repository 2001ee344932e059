package dev.cascade.cli.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.sim.config.SimConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fleet files the layout runs send soil windows the default edge model accepts (the edge refuses others). */
class FleetFilesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static int defaultSoilWindow() throws Exception {
        return ModelBundle.load(REPO.resolve("models/default/irrigation-edge/1")).manifest().features().windowSize();
    }

    @Test
    void stackFleetAndDemoFleetFiles_soilWindows_matchTheDefaultEdgeModel() throws Exception {
        int frames = defaultSoilWindow();
        for (String file : new String[] {"simulators/examples/stack-fleet.yaml", "simulators/examples/sim.yaml"}) {
            SimConfig c = SimConfig.load(REPO.resolve(file));
            assertThat(c.farm().framesPerWindow()).as("%s farm.framesPerWindow", file).isEqualTo(frames);
        }
    }

    @Test
    void layoutTestFleet_soilWindows_matchTheDefaultEdgeModel() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/layout/fleet.yaml"), StandardCharsets.UTF_8)
                .replace("@MQTT_URI@", "tcp://127.0.0.1:1883");
        SimConfig c = SimConfig.parse(yaml, REPO);
        assertThat(c.farm().framesPerWindow()).isEqualTo(defaultSoilWindow());
        assertThat(c.factory().machines()).isEqualTo(3);
    }
}
