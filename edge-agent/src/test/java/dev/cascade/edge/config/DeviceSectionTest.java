package dev.cascade.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.actuate.FailSafe;
import dev.cascade.edge.actuate.OutputKind;
import dev.cascade.edge.actuate.OutputSpec;
import dev.cascade.edge.actuate.OutputType;
import dev.cascade.protocol.window.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSectionTest {
    private static final String HEAD = "edge:\n  sensors-mqtt: {uri: tcp://127.0.0.1:1883}\n  models: {vibration: m/v}\n";

    @Test
    void outputs_andInterlocks_areRead() throws Exception {
        DeviceOptions d = EdgeConfigFile.LOADER.parse(HEAD + """
                  device:
                    state-dir: /var/lib/cascade-edge/state
                    max-valve-open: 20m
                    fail-safe-after: 2m
                    outputs:
                      - {device: zone-1, kind: valve, type: gpio, pin: 17}
                      - {device: press-1, kind: machine, type: log, fail-safe: safe}
                """, Path.of("/etc/cascade"), Map.of()).value().device();

        assertThat(d.stateDir()).contains(Path.of("/var/lib/cascade-edge/state"));
        assertThat(d.actuate().maxValveOpen()).isEqualTo(Duration.ofMinutes(20));
        assertThat(d.actuate().failSafeAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.actuate().outputs()).containsExactly(
                new OutputSpec(DeviceId.of("zone-1"), OutputKind.VALVE, OutputType.GPIO, 17, true, FailSafe.SAFE),
                new OutputSpec(DeviceId.of("press-1"), OutputKind.MACHINE, OutputType.LOG, -1, true, FailSafe.SAFE));
    }

    @Test
    void gpioOutput_withoutAPin_andAnUnknownKey_areViolationsNamingTheirKeys() {
        assertThatThrownBy(() -> EdgeConfigFile.LOADER.parse(HEAD + """
                  device:
                    outputs:
                      - {device: zone-1, kind: valve, type: gpio, pins: 17}
                """, Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "edge.device.outputs[0].pins is not a known setting (known here: active-high, device, fail-safe,"
                                + " kind, pin, type)",
                        "edge.device.outputs[0].pin must be in [0, 63] for a gpio output, was -1"));
    }
}
