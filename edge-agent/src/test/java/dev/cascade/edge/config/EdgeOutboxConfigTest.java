package dev.cascade.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.outbox.FsyncPolicy;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.uplink.BatchPolicy;
import dev.cascade.protocol.window.SensorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeOutboxConfigTest {
    private static final Path BASE = Path.of("/opt/edge");

    private static EdgeConfig parse(String extra) throws ConfigException {
        String yaml = "edge:\n  sensors-mqtt:\n    uri: tcp://127.0.0.1:1883\n  models:\n    vibration: models/v\n" + extra;
        return EdgeConfigFile.LOADER.parse(yaml, BASE, Map.of()).value().agent();
    }

    @Test
    void outboxAndPerKindBatching_areReadFromTheFile() throws ConfigException {
        EdgeConfig c = parse("""
                  uplink:
                    deflate: true
                    vibration:
                      batch-size: 32
                      max-batch-bytes: 128KiB
                      max-batch-age: 3s
                  outbox:
                    dir: /var/lib/cascade/outbox
                    capacity: 16MiB
                    fault-reserve: 2MiB
                    segment-size: 1MiB
                    fsync: always
                """);
        OutboxOptions o = c.outbox().orElseThrow();
        assertThat(o.dir()).isEqualTo(Path.of("/var/lib/cascade/outbox"));
        assertThat(o.capacityBytes()).isEqualTo(16L << 20);
        assertThat(o.faultReserveBytes()).isEqualTo(2L << 20);
        assertThat(o.segmentBytes()).isEqualTo(1 << 20);
        assertThat(o.fsync().mode()).isEqualTo(FsyncPolicy.Mode.ALWAYS);
        assertThat(c.uplink().deflate()).isTrue();
        assertThat(c.uplink().policy(SensorKind.VIBRATION)).isEqualTo(new BatchPolicy(32, 128 << 10, Duration.ofSeconds(3)));
        assertThat(c.uplink().policy(SensorKind.SOIL).maxCount()).as("soil keeps batch-size").isEqualTo(1);
    }

    @Test
    void withoutAnOutboxFolder_theAgentUsesAThrowAwayOne() throws ConfigException {
        EdgeConfig c = parse("");
        assertThat(c.outbox()).isEmpty();
        assertThat(c.uplink().deflate()).isFalse();
    }

    @Test
    void reserveAsLargeAsTheCapacity_isRefusedNamingTheRule() {
        assertThatThrownBy(() -> parse("""
                  outbox:
                    dir: /var/lib/cascade/outbox
                    capacity: 4MiB
                    fault-reserve: 4MiB
                """)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).violations())
                        .contains("edge.outbox.faultReserveBytes must be in [0, capacityBytes), was 4194304"));
    }

    @Test
    void unknownFsyncMode_isRefused() {
        assertThatThrownBy(() -> parse("  outbox:\n    fsync: sometimes\n")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(String.join("\n", ((ConfigException) e).violations())).contains("edge.outbox.fsync"));
    }
}
