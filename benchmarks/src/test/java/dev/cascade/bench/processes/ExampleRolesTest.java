package dev.cascade.bench.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleRolesTest {
    private static final ExampleRoles.Settings SETTINGS = new ExampleRoles.Settings(2, 3, 32, 4, Duration.ofSeconds(2),
            false);

    @Test
    void specs_pointEachRoleAtItsExampleFile_withThePhasesBrokersNamespaceAndOwnOpsPort() {
        Path home = Path.of("..").toAbsolutePath().normalize();

        List<RoleSpec> specs = ExampleRoles.specs(home, SETTINGS, "bns", "b1-cascade", "tcp://127.0.0.1:5555",
                "127.0.0.1:6666");

        assertThat(specs).extracting(RoleSpec::role).containsExactly("edge", "ingest", "infer", "actuate");
        for (RoleSpec s : specs) {
            assertThat(Files.isRegularFile(s.config())).as(s.config().toString()).isTrue();
            String prefix = "CASCADE_" + s.role().toUpperCase(java.util.Locale.ROOT) + "_";
            assertThat(s.env()).containsEntry(prefix + "NAMESPACE", "bns")
                    .containsEntry(prefix + "OPS_PORT", String.valueOf(s.opsPort()));
        }
        assertThat(specs).extracting(RoleSpec::opsPort).doesNotHaveDuplicates();
        assertThat(specs.get(0).env()).containsEntry("CASCADE_EDGE_SENSORS_MQTT_URI", "tcp://127.0.0.1:5555")
                .containsEntry("CASCADE_EDGE_WORKERS", "2").containsEntry("CASCADE_EDGE_ACTION_COOLDOWN", "2000ms");
        assertThat(specs.get(2).env()).containsEntry("CASCADE_INFER_KAFKA_BOOTSTRAP", "127.0.0.1:6666")
                .containsEntry("CASCADE_INFER_WORKERS", "3").containsEntry("CASCADE_INFER_MAX_BATCH", "32");
    }

    @Test
    void specs_withTheDashboard_giveItAPasswordAndAWebPortOfItsOwn() {
        List<RoleSpec> specs = ExampleRoles.specs(Path.of("..").toAbsolutePath().normalize(),
                new ExampleRoles.Settings(1, 1, 64, 4, Duration.ZERO, true), "bns", "i", "tcp://127.0.0.1:1", "127.0.0.1:2");

        RoleSpec d = specs.get(specs.size() - 1);
        assertThat(d.role()).isEqualTo("dashboard");
        assertThat(d.env().get("CASCADE_DASHBOARD_PASSWORD")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(d.env().get("CASCADE_DASHBOARD_PORT")).isNotEqualTo(String.valueOf(d.opsPort())).isNotEqualTo("8080");
    }

    @Test
    void settings_withNoWorkers_areRefusedWithTheValues() {
        assertThatThrownBy(() -> new ExampleRoles.Settings(0, 1, 64, 4, Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("edgeWorkers, cloudWorkers, maxBatch and partitions must be >= 1, was 0, 1, 64, 4");
    }
}
