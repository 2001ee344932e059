package dev.cascade.model.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The third-party models and recording in {@code models/testdata/mlperf-tiny/} (see its README). */
public final class Fixtures {
    /** Windows in the anomaly-detection recording (200 log-mel frames, 5 frames per window). */
    public static final int AD_WINDOWS = 196;
    /** Values per anomaly-detection window: 5 frames of 128 mel bands. */
    public static final int AD_WINDOW_SIZE = 640;

    private Fixtures() {}

    /** The fixture folder, found by walking up from the working directory. */
    public static Path mlperfTiny() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("models/testdata/mlperf-tiny");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("models/testdata/mlperf-tiny not found above " + Path.of("").toAbsolutePath());
    }

    public static byte[] read(String name) {
        try {
            return Files.readAllBytes(mlperfTiny().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The recording {@code normal_id_01_00000000_hist_librosa.bin}: 200 frames x 128 log-mel values (float32 LE,
     * frame-major) turned into the 196 model windows MLPerf Tiny scores (frames t..t+4 concatenated).
     */
    public static float[][] adRecordingWindows() {
        byte[] raw = read("normal_id_01_00000000_hist_librosa.bin");
        float[] frames = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(frames);
        int mels = 128;
        float[][] windows = new float[AD_WINDOWS][AD_WINDOW_SIZE];
        for (int w = 0; w < AD_WINDOWS; w++) {
            System.arraycopy(frames, w * mels, windows[w], 0, AD_WINDOW_SIZE);
        }
        return windows;
    }
}
