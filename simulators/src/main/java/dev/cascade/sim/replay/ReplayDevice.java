package dev.cascade.sim.replay;

import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.device.Outcome;
import dev.cascade.sim.device.SimDevice;
import dev.cascade.recording.Recording;
import dev.cascade.checks.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Plays a {@link Recording} as a device: consecutive windows of {@code framesPerWindow} frames,
 * looping at the end or falling silent. It supports no commands (a recording cannot be stopped).
 * Run it at real speed with a window period of {@link #realTimePeriod()}, faster with a shorter one.
 * Not thread-safe.
 */
public final class ReplayDevice extends SimDevice {
    private final Recording recording;
    private final double sampleRateHz;
    private final int framesPerWindow;
    private final boolean loop;
    private int position;
    private boolean finished;

    public ReplayDevice(DeviceId id, SensorKind kind, Recording recording, double sampleRateHz, int framesPerWindow,
                        boolean loop) {
        super(id, kind);
        this.recording = Checks.notNull(recording, "recording");
        this.sampleRateHz = Checks.positive(sampleRateHz, "sampleRateHz");
        Checks.check(framesPerWindow >= 1 && framesPerWindow <= recording.frames()
                        && (long) framesPerWindow * recording.channels() <= Samples.MAX_VALUES,
                "framesPerWindow", "in [1, min(recording frames = " + recording.frames() + ", "
                        + Samples.MAX_VALUES / recording.channels() + ")]", framesPerWindow);
        this.framesPerWindow = framesPerWindow;
        this.loop = loop;
    }

    /** The window period that plays the recording at the speed it was recorded. */
    public Duration realTimePeriod() {
        return Duration.ofNanos(Math.round(framesPerWindow / sampleRateHz * 1e9));
    }

    /** Whether a non-looping replay has played everything. */
    public boolean finished() {
        return finished;
    }

    @Override
    protected Optional<SensorWindow> produce(Instant sentAt, long sequence) {
        if (finished) {
            return Optional.empty();
        }
        if (position + framesPerWindow > recording.frames()) {
            if (!loop) {
                finished = true;
                return Optional.empty();
            }
            position = 0;
        }
        float[] v = new float[framesPerWindow * recording.channels()];
        recording.copyFrames(position, v, 0, framesPerWindow);
        position += framesPerWindow;
        Instant first = sentAt.minusNanos(realTimePeriod().toNanos());
        return Optional.of(new SensorWindow(id(), kind(), sampleRateHz, first, sequence, CorrelationId.random(), sentAt,
                Samples.interleaved(recording.channels(), v)));
    }

    @Override
    public void skipWindow(Instant now) {
        if (!finished) {
            position = position + framesPerWindow > recording.frames() ? (loop ? 0 : position) : position + framesPerWindow;
        }
    }

    @Override
    protected Outcome execute(Command command, Instant now) {
        return Outcome.unsupported("a replayed recording supports no commands, not " + command.type());
    }
}
