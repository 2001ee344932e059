package dev.cascade.sim.replay;

import dev.cascade.sim.internal.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads recordings from CSV, raw float32 and NumPy {@code .npy} files, with errors that say where the file is wrong. */
public final class RecordingReader {
    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private RecordingReader() {}

    /**
     * Reads {@code file} in {@code format}; {@code channels} is needed only for {@link RecordingFormat#F32}.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if its content is not a valid recording (the message names the place)
     */
    public static Recording read(Path file, RecordingFormat format, int channels) throws IOException {
        Checks.notNull(file, "file");
        Checks.notNull(format, "format");
        switch (format) {
            case CSV: return csv(file);
            case F32: return f32(file, channels);
            default: return npy(file);
        }
    }

    private static Recording csv(Path file) throws IOException {
        FloatList values = new FloatList();
        int channels = -1;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split("[,;\\t]");
                float[] row = new float[cells.length];
                boolean numeric = true;
                for (int i = 0; i < cells.length; i++) {
                    try {
                        row[i] = Float.parseFloat(cells[i].strip());
                    } catch (NumberFormatException e) {
                        numeric = false;
                        if (channels >= 0 || values.size() > 0) {
                            throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + " column " + (i + 1)
                                    + " must be a number, was \"" + cells[i].strip() + "\"");
                        }
                    }
                }
                if (!numeric) {
                    channels = -2;   // a header row; only one is allowed, before the data
                    continue;
                }
                if (channels < 0) {
                    channels = cells.length;
                } else if (cells.length != channels) {
                    throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + " must have " + channels
                            + " columns like the first data row, was " + cells.length);
                }
                values.addAll(row);
            }
        }
        if (values.size() == 0) {
            throw new IllegalArgumentException(file.getFileName() + " must contain at least one data row");
        }
        return Recording.of(channels, values.toArray());
    }

    private static Recording f32(Path file, int channels) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Checks.check(channels >= 1 && channels <= 16, "channels", "in [1, 16] for raw float32", channels);
        if (bytes.length % (4 * channels) != 0 || bytes.length == 0) {
            throw new IllegalArgumentException(file.getFileName() + " must hold a whole number of frames of " + channels
                    + " float32 values, was " + bytes.length + " bytes");
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return Recording.of(channels, v);
    }

    private static Recording npy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        for (int i = 0; i < NPY_MAGIC.length; i++) {
            if (b.length <= i || b[i] != NPY_MAGIC[i]) {
                throw new IllegalArgumentException(name + " must start with the .npy magic \\x93NUMPY");
            }
        }
        int major = b[6];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new IllegalArgumentException(name + " .npy version must be 1, 2 or 3, was " + major);
        }
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(FORTRAN, header, name, "fortran_order"))) {
            throw new IllegalArgumentException(name + " fortran_order must be False, was True");
        }
        String[] dims = group(SHAPE, header, name, "shape").split(",");
        long frames = Long.parseLong(dims[0].strip());
        int channels = dims.length > 1 && !dims[1].isBlank() ? Integer.parseInt(dims[1].strip()) : 1;
        if (dims.length > 2 && !dims[2].isBlank()) {
            throw new IllegalArgumentException(name + " shape must be (n,) or (n, channels), was (" + String.join(",", dims) + ")");
        }
        int width;
        switch (descr) {
            case "<f4": width = 4; break;
            case "<f8": width = 8; break;
            case "<i2": width = 2; break;
            case "<i4": width = 4; break;
            default: throw new IllegalArgumentException(name + " dtype must be <f4, <f8, <i2 or <i4, was " + descr);
        }
        long count = frames * channels;
        int data = start + headerLen;
        if (count <= 0 || count > Integer.MAX_VALUE / 8 || b.length - data < count * width) {
            throw new IllegalArgumentException(name + " must hold " + count + " values of " + descr + " after its header, has "
                    + (b.length - data) + " bytes");
        }
        float[] v = new float[(int) count];
        buf.position(data);
        for (int i = 0; i < v.length; i++) {
            switch (descr) {
                case "<f4": v[i] = buf.getFloat(); break;
                case "<f8": v[i] = (float) buf.getDouble(); break;
                case "<i2": v[i] = buf.getShort(); break;
                default: v[i] = buf.getInt(); break;
            }
        }
        return Recording.of(channels, v);
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(name + " .npy header must have '" + key + "', was " + header.strip());
        }
        return m.group(1);
    }

    private static final class FloatList {
        private float[] a = new float[1024];
        private int n;

        void addAll(float[] row) {
            if (n + row.length > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + row.length));
            }
            System.arraycopy(row, 0, a, n, row.length);
            n += row.length;
        }

        int size() {
            return n;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
