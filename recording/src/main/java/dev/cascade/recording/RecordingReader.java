package dev.cascade.recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads recordings, for replay and for training: CSV (one column per channel, optional header), raw little-endian float32
 * ({@code .f32}, {@code .raw}, {@code .bin}), NumPy {@code .npy} and {@code .npz} (float32/float64/int16/int32,
 * shape {@code (frames,)} or {@code (frames, channels)} or {@code (windows, samples)}). Every value must be
 * finite; a bad file gives a {@link BadDataException} naming the file, line and problem.
 */
public final class RecordingReader {
    /** The largest file read (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;
    /** As {@code channels}: take the channel count from the file (CSV columns, {@code .npy} shape); not for raw float32. */
    public static final int FROM_FILE = 0;

    private RecordingReader() {}

    /**
     * Reads {@code file}, choosing the format by its extension.
     *
     * @param channels values per frame
     * @param sampleRateHz frames per second (files carry no rate)
     * @param arrayName for {@code .npz}: the array to read, or null for the first
     */
    public static Recording read(Path file, int channels, double sampleRateHz, String arrayName) throws IOException {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, was " + channels);
        }
        Optional<RecordingFormat> format = RecordingFormat.of(file);
        if (format.isEmpty()) {
            throw new BadDataException(file, "unknown format: expected .csv, .npy, .npz, or raw float32 (.f32, .raw,"
                    + " .bin)");
        }
        return read(file, format.get(), channels, sampleRateHz, arrayName);
    }

    /**
     * Reads {@code file} in {@code format}.
     *
     * @param channels values per frame, or {@link #FROM_FILE} for CSV, {@code .npy} and {@code .npz}
     * @param sampleRateHz frames per second (files carry no rate)
     * @param arrayName for {@code .npz}: the array to read, or null for the first
     */
    public static Recording read(Path file, RecordingFormat format, int channels, double sampleRateHz, String arrayName)
            throws IOException {
        if (channels < (format == RecordingFormat.F32 ? 1 : FROM_FILE)) {
            throw new IllegalArgumentException("channels must be >= 1" + (format == RecordingFormat.F32 ? "" : " or FROM_FILE")
                    + ", was " + channels);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadDataException(file, "file is missing");
        }
        if (size == 0) {
            throw new BadDataException(file, "file is empty");
        }
        if (size > MAX_BYTES) {
            throw new BadDataException(file, "file is " + size + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        float[] values;
        switch (format) {
            case CSV -> {
                Csv c = csv(file, channels);
                values = c.values();
                channels = c.channels();
            }
            case NPY -> {
                Npy.Array a = Npy.read(file, Files.readAllBytes(file), channels, "");
                values = a.values();
                channels = channels == FROM_FILE ? a.columns() : channels;
            }
            case NPZ -> {
                Npy.Array a = npz(file, channels, arrayName);
                values = a.values();
                channels = channels == FROM_FILE ? a.columns() : channels;
            }
            default -> values = float32(file, Files.readAllBytes(file));
        }
        if (values.length == 0) {
            throw new BadDataException(file, "holds no values");
        }
        if (values.length % channels != 0) {
            throw new BadDataException(file, values.length + " values is not a whole number of frames of " + channels
                    + " channels");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new BadDataException(file, "value " + i + " (frame " + i / channels + ", channel " + i % channels
                        + ") must be finite, was " + values[i]);
            }
        }
        return new Recording(values, channels, sampleRateHz, file.toString());
    }

    static float[] float32(Path file, byte[] bytes) throws BadDataException {
        if (bytes.length % 4 != 0) {
            throw new BadDataException(file, bytes.length + " bytes is not a whole number of float32 values"
                    + " (truncated?)");
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private record Csv(float[] values, int channels) {}

    private static Csv csv(Path file, int channels) throws IOException {
        FloatArray out = new FloatArray();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cols = t.split("[,;\\t]", -1);
                if (channels == FROM_FILE) {
                    channels = cols.length;
                }
                if (first && !looksNumeric(cols[0].strip())) {
                    first = false;
                    if (cols.length != channels) {
                        throw new BadDataException(file, lineNo, "header has " + cols.length + " columns, expected "
                                + channels + " (one per channel)");
                    }
                    continue;
                }
                first = false;
                if (cols.length != channels) {
                    throw new BadDataException(file, lineNo, "expected " + channels + " columns, found " + cols.length);
                }
                for (int c = 0; c < channels; c++) {
                    String cell = cols[c].strip();
                    float v;
                    try {
                        v = Float.parseFloat(cell);
                    } catch (NumberFormatException e) {
                        throw new BadDataException(file, lineNo, "column " + (c + 1) + ": not a number \"" + cell
                                + "\"");
                    }
                    if (!Float.isFinite(v)) {
                        throw new BadDataException(file, lineNo, "column " + (c + 1) + ": value must be finite, was "
                                + cell);
                    }
                    out.add(v);
                }
            }
        }
        return new Csv(out.toArray(), Math.max(channels, 1));
    }

    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.' || s.equalsIgnoreCase("nan")
                || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity");
    }

    private static Npy.Array npz(Path file, int channels, String arrayName) throws IOException {
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            StringBuilder names = new StringBuilder();
            while ((e = zip.getNextEntry()) != null) {
                String n = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                names.append(names.length() == 0 ? "" : ", ").append(n);
                if (arrayName == null || arrayName.equals(n)) {
                    byte[] bytes = zip.readAllBytes();
                    return Npy.read(file, bytes, channels, "array \"" + n + "\": ");
                }
            }
            if (names.length() == 0) {
                throw new BadDataException(file, "not a .npz archive, or it holds no arrays");
            }
            throw new BadDataException(file, "has no array \"" + arrayName + "\" (it has: " + names + ")");
        } catch (java.util.zip.ZipException ex) {
            throw new BadDataException(file, "not a valid .npz (zip) archive: " + ex.getMessage());
        }
    }

    /** A growable float array. */
    static final class FloatArray {
        private float[] a = new float[1024];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
