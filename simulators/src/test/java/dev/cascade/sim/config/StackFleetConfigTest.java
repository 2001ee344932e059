package dev.cascade.sim.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackFleetConfigTest {
    @Test
    void stackFleet_isASmallFleetOnTheStacksLocalMosquitto() throws Exception {
        SimConfig c = SimConfig.load(Path.of("examples", "stack-fleet.yaml"));
        assertThat(c.namespace()).isEqualTo("cascade");
        assertThat(c.mqtt().serverUri()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(c.factory().machines()).isEqualTo(4);
        assertThat(c.farm().zones()).isEqualTo(4);
    }
}
