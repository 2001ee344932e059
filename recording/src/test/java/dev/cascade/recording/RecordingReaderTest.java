package dev.cascade.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReaderTest {
    @TempDir
    Path tmp;

    @Test
    void csv_withHeader_readsOneColumnPerChannel() throws Exception {
        Path f = tmp.resolve("soil.csv");
        Files.writeString(f, "moisture,temperature,rain\n30.5,15,0\n30.1,16,0.2\n");
        Recording r = RecordingReader.read(f, 3, 1.0 / 900, null);
        assertThat(r.frames()).isEqualTo(2);
        assertThat(r.values()).containsExactly(30.5f, 15f, 0f, 30.1f, 16f, 0.2f);
    }

    @Test
    void csv_badCell_namesFileLineAndColumn() throws Exception {
        Path f = tmp.resolve("soil.csv");
        Files.writeString(f, "m,t\n30,15\n29,abc\n");
        assertThatThrownBy(() -> RecordingReader.read(f, 2, 1, null))
                .isInstanceOf(BadDataException.class)
                .hasMessage(f + ":3: column 2: not a number \"abc\"");
    }

    @Test
    void csv_nan_isRejected() throws Exception {
        Path f = tmp.resolve("v.csv");
        Files.writeString(f, "0.1\nNaN\n");
        assertThatThrownBy(() -> RecordingReader.read(f, 1, 1, null))
                .hasMessage(f + ":2: column 1: value must be finite, was NaN");
    }

    @Test
    void csv_wrongColumnCount_isRejected() throws Exception {
        Path f = tmp.resolve("v.csv");
        Files.writeString(f, "1,2\n3\n");
        assertThatThrownBy(() -> RecordingReader.read(f, 2, 1, null)).hasMessage(f + ":2: expected 2 columns, found 1");
    }

    @Test
    void float32_truncated_isRejected() throws Exception {
        Path f = tmp.resolve("v.f32");
        Files.write(f, new byte[] {0, 0, (byte) 0x80, 0x3f, 1, 2});
        assertThatThrownBy(() -> RecordingReader.read(f, 1, 1, null))
                .hasMessage(f + ": 6 bytes is not a whole number of float32 values (truncated?)");
    }

    @Test
    void float32_infinity_isRejectedNamingFrameAndChannel() throws Exception {
        Path f = tmp.resolve("v.f32");
        Files.write(f, le(1f, 2f, 3f, Float.POSITIVE_INFINITY));
        assertThatThrownBy(() -> RecordingReader.read(f, 2, 1, null))
                .hasMessage(f + ": value 3 (frame 1, channel 1) must be finite, was Infinity");
    }

    @Test
    void emptyFile_isRejected() throws Exception {
        Path f = tmp.resolve("v.f32");
        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> RecordingReader.read(f, 1, 1, null)).hasMessage(f + ": file is empty");
    }

    @Test
    void npy_twoDimensional_readsFramesByChannels() throws Exception {
        Path f = tmp.resolve("x.npy");
        Files.write(f, npy("<f4", "(2, 3)", le(1, 2, 3, 4, 5, 6)));
        Recording r = RecordingReader.read(f, 3, 10, null);
        assertThat(r.values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(r.windows(1, 1)).hasNumberOfRows(2);
    }

    @Test
    void npy_truncated_isRejected() throws Exception {
        Path f = tmp.resolve("x.npy");
        Files.write(f, npy("<f4", "(4,)", le(1, 2, 3)));
        assertThatThrownBy(() -> RecordingReader.read(f, 1, 10, null))
                .hasMessage(f + ": holds 12 data bytes but shape 4, of <f4 needs 16 (truncated?)");
    }

    @Test
    void npz_readsTheNamedArray() throws Exception {
        Path f = tmp.resolve("d.npz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(npy("<f4", "(1,)", le(9)));
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(npy("<f8", "(2,)", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5)
                    .putDouble(-2).array()));
        }
        Files.write(f, bytes.toByteArray());
        assertThat(RecordingReader.read(f, 1, 1, "x").values()).containsExactly(1.5f, -2f);
        assertThatThrownBy(() -> RecordingReader.read(f, 1, 1, "y")).hasMessage(f + ": has no array \"y\" (it has: a, x)");
    }

    @Test
    void windows_cutsConsecutiveFramesAndDropsTheTail() {
        Recording r = new Recording(new float[] {0, 1, 2, 3, 4, 5, 6}, 1, 1, "mem");
        float[][] w = r.windows(3, 2);
        assertThat(w).hasNumberOfRows(3);
        assertThat(w[2]).containsExactly(4, 5, 6);
    }

    static byte[] le(float... v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bb.putFloat(x);
        }
        return bb.array();
    }

    static byte[] npy(String descr, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) h.length()).put(h.getBytes(StandardCharsets.US_ASCII)).put(data);
        return bb.array();
    }
}
