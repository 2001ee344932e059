package dev.cascade.bench;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/** Realistic wire messages for the benchmarks (noise-like samples: float bytes do not compress). */
final class Messages {
    private Messages() {}

    static SensorWindow vibration(int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] s = new float[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 30 * i / 8192.0) + 0.02 * r.nextGaussian());
        }
        Instant now = Instant.parse("2026-01-01T00:00:00.123456Z");
        return new SensorWindow(DeviceId.of("machine-0042"), SensorKind.VIBRATION, 8192, now.minusMillis(125), seed,
                CorrelationId.random(), now, Samples.of(s));
    }

    static Escalation escalation(int samples, long seed) {
        SensorWindow w = vibration(samples, seed);
        return new Escalation(w, 0.0123f, EscalationReason.UNCERTAIN, new ModelRef("vibration-anomaly-edge", "1"),
                w.sentAt().plusNanos(250_000));
    }

    static InferenceResult result(SensorWindow w) {
        return new InferenceResult(w.correlationId(), w.deviceId(), w.kind(), new ModelRef("vibration-anomaly-cloud", "1"),
                0.0421f, 0.0310f, Verdict.ANOMALY, w.sentAt(), w.sentAt().plusMillis(3), 17, 0.0123f);
    }

    static StopMachine stop(SensorWindow w) {
        return new StopMachine(CommandHeader.caused("stop", w.deviceId(), w.correlationId(), CommandOrigin.CLOUD,
                w.sentAt().plusMillis(3), Duration.ofSeconds(30), w.sentAt()), "cloud model vibration-anomaly-cloud@1: "
                + "anomaly score 0.0421 over 0.031");
    }

    static CommandAck ack(StopMachine c) {
        return CommandAck.of(c, AckStatus.EXECUTED, "stopped", c.header().issuedAt().plusMillis(1));
    }
}
