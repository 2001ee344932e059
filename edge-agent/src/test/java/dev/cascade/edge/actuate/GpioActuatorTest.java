package dev.cascade.edge.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpioActuatorTest {
    private final Context pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
            .add(MockDigitalOutputProvider.newInstance()).build();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private static CommandHeader header(String id, DeviceId d) {
        Instant now = Instant.parse("2026-06-01T10:00:00Z");
        return new CommandHeader(CommandId.of("command-" + id), d, CorrelationId.of("corr-0000-" + id), CommandOrigin.OPERATOR, now,
                now.plusSeconds(30), now);
    }

    @Test
    void valve_openThenClose_drivesItsPinHighThenLow() throws Exception {
        DeviceId zone = DeviceId.of("zone-1");
        try (GpioActuator valve = new GpioActuator(pi4j, zone, 17, true)) {
            assertThat(valve.state()).isEqualTo(DigitalState.LOW);

            valve.execute(new OpenValve(header("o1", zone), Duration.ofMinutes(5)));
            assertThat(valve.state()).isEqualTo(DigitalState.HIGH);

            valve.execute(new CloseValve(header("c1", zone)));
            assertThat(valve.state()).isEqualTo(DigitalState.LOW);
        }
    }

    @Test
    void machine_activeLow_stopDrivesPinHigh_resumeDrivesItLow() throws Exception {
        DeviceId press = DeviceId.of("press-1");
        try (GpioActuator machine = new GpioActuator(pi4j, press, 27, false)) {
            machine.execute(new ResumeMachine(header("r1", press), "checked"));
            assertThat(machine.state()).isEqualTo(DigitalState.LOW);

            machine.execute(new StopMachine(header("s1", press), "bearing"));
            assertThat(machine.state()).isEqualTo(DigitalState.HIGH);
        }
    }

    @Test
    void outputs_withAGpioSpec_driveThePinThroughTheMockProvider() throws Exception {
        DeviceId zone = DeviceId.of("zone-2");
        ActuateOptions options = ActuateOptions.defaults().withOutputs(java.util.List.of(
                OutputSpec.gpio(zone, OutputKind.VALVE, 22)));
        try (Outputs outputs = Outputs.create(options, new LogActuator(), () -> pi4j)) {
            outputs.of(zone).execute(new OpenValve(header("o2", zone), Duration.ofMinutes(5)));

            assertThat(((GpioActuator) outputs.of(zone)).state()).isEqualTo(DigitalState.HIGH);
            assertThat(outputs.driven()).containsExactly(zone);
        }
    }
}
