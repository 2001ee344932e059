package dev.cascade.sim.config;

import dev.cascade.protocol.window.SensorKind;
import dev.cascade.config.ConfigNode;
import dev.cascade.recording.RecordingFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A recording played as a device.
 *
 * @param deviceId the device id it publishes as
 * @param file the recording
 * @param format its format (default: by extension)
 * @param channels channels of a raw float32 file
 * @param kind what it measured
 * @param sampleRateHz its sample rate
 * @param framesPerWindow frames per window
 * @param speed 1 = as recorded, 10 = ten times faster
 * @param loop start again at the end
 */
public record ReplayConfig(String deviceId, Path file, Optional<RecordingFormat> format, int channels, SensorKind kind,
                           double sampleRateHz, int framesPerWindow, double speed, boolean loop) {
    static ReplayConfig read(ConfigNode n, Path base, boolean documenting) {
        String id = n.text("deviceId", documenting ? "" : null, "[A-Za-z0-9._-]{1,64}", "the device id it publishes as");
        String file = n.text("file", documenting ? "" : null, null, "recording file (.csv, .f32/.raw/.bin, .npy, .npz), relative to the config file");
        Optional<String> fmt = n.optionalText("format", "CSV|F32|NPY|NPZ (default: by extension)");
        int channels = (int) n.integer("channels", 1, 1, 16, "channels of a raw float32 file");
        SensorKind kind = n.choice("kind", SensorKind.class, SensorKind.VIBRATION, "what it measured");
        double rate = n.number("sampleRateHz", 8192, 1e-6, 1_000_000, "its sample rate, Hz");
        int frames = (int) n.integer("framesPerWindow", 1024, 1, 65536, "frames per window");
        double speed = n.number("speed", 1, 1e-3, 1e4, "playback speed: 1 = as recorded");
        boolean loop = n.bool("loop", true, "start again at the end");
        n.finish();
        Path path = file == null ? null : base.resolve(file);
        Optional<RecordingFormat> format = Optional.empty();
        if (fmt.isPresent()) {
            try {
                format = Optional.of(RecordingFormat.valueOf(fmt.get().strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                n.violation("format", "one of CSV|F32|NPY|NPZ", '"' + fmt.get() + '"');
            }
        } else if (path != null && !documenting) {
            Path p = path;
            format = n.build(() -> RecordingFormat.byExtension(p).name()).map(RecordingFormat::valueOf);
        }
        if (path != null && !documenting && !Files.isReadable(path)) {
            n.violation("file", "a readable file", path);
        }
        return new ReplayConfig(id, path, format, channels, kind, rate, frames, speed, loop);
    }
}
