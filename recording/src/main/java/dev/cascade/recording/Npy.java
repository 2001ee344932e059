package dev.cascade.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the NumPy {@code .npy} format (versions 1-3): little-endian numeric arrays in C order. */
final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** An array's values (C order) and its columns: the second dimension, or 1 for a vector. */
    record Array(float[] values, int columns) {}

    static Array read(Path file, byte[] b, int channels, String what) throws BadDataException {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
                || b[5] != 'Y') {
            throw new BadDataException(file, what + "not a .npy array (magic \\x93NUMPY missing)");
        }
        int major = b[6];
        int headerLen;
        int start;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new BadDataException(file, what + "truncated .npy header");
            }
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new BadDataException(file, what + "unsupported .npy version " + major);
        }
        if (headerLen < 0 || start + headerLen > b.length) {
            throw new BadDataException(file, what + "truncated .npy header");
        }
        String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new BadDataException(file, what + "malformed .npy header: " + header.strip());
        }
        if (f.group(1).equals("True")) {
            throw new BadDataException(file, what + "Fortran-ordered arrays are not supported (save with C order)");
        }
        long count = 1;
        int[] shape = parseShape(file, what, s.group(1));
        for (int dim : shape) {
            count *= dim;
        }
        if (shape.length > 2) {
            throw new BadDataException(file, what + "shape " + s.group(1).strip() + " has more than 2 dimensions");
        }
        if (shape.length == 2 && shape[1] != channels && channels != 1 && channels != RecordingReader.FROM_FILE) {
            throw new BadDataException(file, what + "shape (" + shape[0] + ", " + shape[1] + ") does not have "
                    + channels + " channels as columns");
        }
        String descr = d.group(1);
        int size;
        switch (descr) {
            case "<f4":
            case "<i4":
                size = 4;
                break;
            case "<f8":
                size = 8;
                break;
            case "<i2":
                size = 2;
                break;
            default:
                throw new BadDataException(file, what + "dtype " + descr
                        + " is not supported (use little-endian float32, float64, int16 or int32)");
        }
        int data = start + headerLen;
        if (data + count * size != b.length) {
            throw new BadDataException(file, what + "holds " + (b.length - data) + " data bytes but shape "
                    + s.group(1).strip() + " of " + descr + " needs " + count * size + " (truncated?)");
        }
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) {
            int at = data + i * size;
            switch (descr) {
                case "<f4":
                    v[i] = bb.getFloat(at);
                    break;
                case "<i4":
                    v[i] = bb.getInt(at);
                    break;
                case "<f8":
                    v[i] = (float) bb.getDouble(at);
                    break;
                default:
                    v[i] = bb.getShort(at);
                    break;
            }
        }
        return new Array(v, shape.length == 2 ? shape[1] : 1);
    }

    private static int[] parseShape(Path file, String what, String text) throws BadDataException {
        String[] parts = text.split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims[n++] = Integer.parseInt(t.replace("L", ""));
            } catch (NumberFormatException e) {
                throw new BadDataException(file, what + "malformed shape (" + text + ")");
            }
        }
        return java.util.Arrays.copyOf(dims, n);
    }
}
