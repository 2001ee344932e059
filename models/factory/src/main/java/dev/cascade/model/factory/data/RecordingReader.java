package dev.cascade.model.factory.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a user's recordings: CSV (one column per channel, optional header), raw little-endian float32
 * ({@code .f32}, {@code .raw}, {@code .bin}), NumPy {@code .npy} and {@code .npz} (float32/float64/int16/int32,
 * shape {@code (frames,)} or {@code (frames, channels)} or {@code (windows, samples)}). Every value must be
 * finite; a bad file gives a {@link BadDataException} naming the file, line and problem.
 */
public final class RecordingReader {
    /** The largest file read (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;

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
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        float[] values;
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            values = csv(file, channels);
        } else if (name.endsWith(".npy")) {
            values = Npy.read(file, Files.readAllBytes(file), channels, "");
        } else if (name.endsWith(".npz")) {
            values = npz(file, channels, arrayName);
        } else if (name.endsWith(".f32") || name.endsWith(".raw") || name.endsWith(".bin")) {
            values = float32(file, Files.readAllBytes(file));
        } else {
            throw new BadDataException(file, "unknown format: expected .csv, .npy, .npz, or raw float32 (.f32, .raw,"
                    + " .bin)");
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

    private static float[] csv(Path file, int channels) throws IOException {
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
        return out.toArray();
    }

    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.' || s.equalsIgnoreCase("nan")
                || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity");
    }

    private static float[] npz(Path file, int channels, String arrayName) throws IOException {
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
