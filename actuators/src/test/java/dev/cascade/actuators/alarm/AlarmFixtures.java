package dev.cascade.actuators.alarm;

import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.alert.IrrigationAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Duration;
import java.time.Instant;

/** Alerts and results for alarm tests. */
public final class AlarmFixtures {
    public static final ModelRef MODEL = ModelRef.parse("vib-ae@1");

    private AlarmFixtures() {}

    public static AnomalyAlert anomaly(String device, Instant at) {
        return new AnomalyAlert(AlertHeader.caused("anomaly", DeviceId.of(device), CorrelationId.random(), Severity.CRITICAL, at),
                0.9f, 0.5f, MODEL, true);
    }

    public static AnomalyAlert anomaly(String device, Severity severity, Instant at) {
        return new AnomalyAlert(AlertHeader.caused("anomaly", DeviceId.of(device), CorrelationId.random(), severity, at),
                0.9f, 0.5f, MODEL, true);
    }

    public static IrrigationAlert irrigation(String zone, Instant at) {
        return new IrrigationAlert(AlertHeader.caused("irrigation", DeviceId.of(zone), CorrelationId.random(), Severity.INFO, at),
                18f, 15f, 20f, Duration.ofMinutes(10), MODEL);
    }

    public static CommandFailedAlert refused(String device, AckStatus status, Instant at) {
        CorrelationId c = CorrelationId.random();
        return new CommandFailedAlert(AlertHeader.caused("command_failed", DeviceId.of(device), c, Severity.CRITICAL, at),
                CommandId.derive(c, "stop"), "stop_machine", status, "rate limit");
    }

    public static InferenceResult result(String device, SensorKind kind, Verdict verdict, Instant at) {
        return new InferenceResult(CorrelationId.random(), DeviceId.of(device), kind, MODEL, 0.1f, 0.5f, verdict, at, at, 1, 0.1f);
    }
}
