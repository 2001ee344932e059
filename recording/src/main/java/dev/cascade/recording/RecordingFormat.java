package dev.cascade.recording;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** File formats a recording can be read from. */
public enum RecordingFormat {
    /** Text, one row per frame, one column per channel, comma- (or semicolon/tab-) separated; a header row is skipped. */
    CSV,
    /** Raw little-endian float32, channels interleaved; the channel count must be given. */
    F32,
    /** NumPy {@code .npy} (version 1-3), dtype float32/float64/int16/int32 little-endian, shape (n,) or (n, channels), C order. */
    NPY,
    /** NumPy {@code .npz}: a zip of {@code .npy} arrays, one of which is read. */
    NPZ;

    /** The format a file name's extension implies, if it implies one. */
    public static Optional<RecordingFormat> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".npy")) {
            return Optional.of(NPY);
        }
        if (name.endsWith(".npz")) {
            return Optional.of(NPZ);
        }
        if (name.endsWith(".f32") || name.endsWith(".raw") || name.endsWith(".bin")) {
            return Optional.of(F32);
        }
        return Optional.empty();
    }

    /** The format a file name's extension implies ({@code .csv}, {@code .f32}/{@code .raw}/{@code .bin}, {@code .npy}, {@code .npz}). */
    public static RecordingFormat byExtension(Path file) {
        return of(file).orElseThrow(() -> new IllegalArgumentException(
                "file must end in .csv, .txt, .npy, .npz, .f32, .raw or .bin (or name a format), was " + file.getFileName()));
    }
}
