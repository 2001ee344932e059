package dev.cascade.cloud.decide;

import dev.cascade.model.bundle.ModelTask;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.IrrigationAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a cloud score into a result, and, when action is needed, a command and an alert. Command and alert
 * ids derive from the window's correlation id, so a worker that processes an escalation twice (after a
 * crash) issues the same command and alert again, which actuators and operators see once.
 */
public final class Outcomes {
    /** The shortest watering worth ordering. */
    public static final Duration MIN_IRRIGATION = Duration.ofMinutes(5);

    private final Duration commandTtl;
    private final Duration maxIrrigation;
    private final double minutesPerPercent;

    public Outcomes(Duration commandTtl, Duration maxIrrigation, double minutesPerPercent) {
        this.commandTtl = commandTtl;
        this.maxIrrigation = maxIrrigation;
        this.minutesPerPercent = minutesPerPercent;
    }

    /** What a window's score means. */
    public static Verdict verdict(ModelTask task, boolean positive) {
        if (!positive) {
            return Verdict.NORMAL;
        }
        return task == ModelTask.ANOMALY ? Verdict.ANOMALY : Verdict.IRRIGATE;
    }

    public InferenceResult result(Escalation e, ModelRef model, float score, double threshold, Verdict verdict,
                                  Instant now, int batchSize) {
        SensorWindow w = e.window();
        return new InferenceResult(w.correlationId(), w.deviceId(), w.kind(), model, score, (float) threshold, verdict,
                w.sentAt(), now, batchSize, e.edgeScore());
    }

    /** The command a verdict calls for, if any. */
    public Optional<Command> command(InferenceResult r, Instant now) {
        switch (r.verdict()) {
            case ANOMALY:
                return Optional.of(new StopMachine(header("stop", r, now), String.format(
                        "cloud model %s: anomaly score %.4g over %.4g", r.model(), r.score(), r.threshold())));
            case IRRIGATE:
                return Optional.of(new OpenValve(header("open", r, now), irrigation(r)));
            default:
                return Optional.empty();
        }
    }

    /** The alert a verdict calls for, if any. */
    public Optional<Alert> alert(InferenceResult r, SensorWindow w, Instant now) {
        switch (r.verdict()) {
            case ANOMALY:
                return Optional.of(new AnomalyAlert(AlertHeader.caused("anomaly", r.deviceId(), r.correlationId(),
                        Severity.CRITICAL, now), r.score(), r.threshold(), r.model(), true));
            case IRRIGATE:
                float moisture = w.samples().get(w.samples().frames() - 1, 0);
                return Optional.of(new IrrigationAlert(AlertHeader.caused("irrigation", r.deviceId(), r.correlationId(),
                        Severity.INFO, now), moisture, r.score(), r.threshold(), irrigation(r), r.model()));
            default:
                return Optional.empty();
        }
    }

    /** Watering in proportion to the forecast deficit, between {@link #MIN_IRRIGATION} and the maximum. */
    public Duration irrigation(InferenceResult r) {
        double deficit = Math.max(0, r.threshold() - r.score());
        Duration d = Duration.ofSeconds(Math.round(deficit * minutesPerPercent * 60));
        if (d.compareTo(MIN_IRRIGATION) < 0) {
            return MIN_IRRIGATION;
        }
        return d.compareTo(maxIrrigation) > 0 ? maxIrrigation : d;
    }

    private CommandHeader header(String action, InferenceResult r, Instant now) {
        return CommandHeader.caused(action, r.deviceId(), r.correlationId(), CommandOrigin.CLOUD, now, commandTtl,
                r.windowSentAt());
    }
}
