package dev.cascade.cli.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReferenceCommandTest {

    @Test
    void committedConfigurationReference_matchesTheCommandDefinitions() throws IOException {
        Path doc = Path.of("..", "docs", "CONFIGURATION.md");
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as("docs/CONFIGURATION.md is stale: run ./cascade reference --write docs/CONFIGURATION.md")
                .isEqualTo(ReferenceCommand.render());
    }

    @Test
    void reference_coversEveryCommandWithItsDefaults() {
        String md = ReferenceCommand.render();

        assertThat(md).contains("## `cascade demo`", "## `cascade broker`", "## `cascade simulate`", "## `cascade model train`")
                .contains("--duration=DURATION").contains("default: 8080");
    }

    @Test
    void reference_documentsEveryRoleFileKeyWithItsDefault() {
        String md = ReferenceCommand.render();

        assertThat(md).contains("## `cascade edge`", "## `cascade ingest`", "## `cascade infer`", "## `cascade actuate`",
                        "## `cascade dashboard`")
                .contains("| `ingest.kafka.bootstrap` | string | `127.0.0.1:9092` | bootstrap servers |")
                .contains("| `edge.sensors-mqtt.tls.ca-file` | path |")
                .contains("| `ingest.mqtt.password-file` | secret file | `(none)` | file holding the password (or the value itself in CASCADE_INGEST_MQTT_PASSWORD) |")
                .contains("| `infer.startup.connect-timeout` | duration | `30s` |")
                .contains("| `dashboard.ops.port` | integer | `9405` |");
    }
}
