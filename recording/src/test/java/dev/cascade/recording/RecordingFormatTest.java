package dev.cascade.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The formats replay reads (moved from the simulators' ReplayTest when the two readers became one). */
class RecordingFormatTest {
    private static final float[] TWO_CHANNELS = {0.5f, -1f, 0.25f, 2f, -0.125f, 3.5f};

    @TempDir
    Path dir;

    private static byte[] npy(String descr, String shape, ByteBuffer data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    @Test
    void csvWithHeader_rawFloat32_andNpy_readTheSameSamples() throws IOException {
        Path csv = Files.writeString(dir.resolve("rig.csv"), "accel_x,accel_y\n0.5,-1\n0.25,2\n# a comment\n-0.125,3.5\n");
        ByteBuffer le = ByteBuffer.allocate(TWO_CHANNELS.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : TWO_CHANNELS) {
            le.putFloat(f);
        }
        Path f32 = Files.write(dir.resolve("rig.f32"), le.array());
        le.flip();
        Path npyF4 = Files.write(dir.resolve("rig.npy"), npy("<f4", "(3, 2)", le.duplicate()));
        ByteBuffer d = ByteBuffer.allocate(TWO_CHANNELS.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : TWO_CHANNELS) {
            d.putDouble(f);
        }
        d.flip();
        Path npyF8 = Files.write(dir.resolve("rig64.npy"), npy("<f8", "(3, 2)", d));

        Recording expected = Recording.of(2, 100, TWO_CHANNELS);
        assertThat(RecordingReader.read(csv, RecordingFormat.byExtension(csv), RecordingReader.FROM_FILE, 100, null)).isEqualTo(expected);
        assertThat(RecordingReader.read(f32, RecordingFormat.byExtension(f32), 2, 100, null)).isEqualTo(expected);
        assertThat(RecordingReader.read(npyF4, RecordingFormat.byExtension(npyF4), RecordingReader.FROM_FILE, 100, null)).isEqualTo(expected);
        assertThat(RecordingReader.read(npyF8, RecordingFormat.NPY, RecordingReader.FROM_FILE, 100, null)).isEqualTo(expected);
    }

    @Test
    void badFiles_areRejectedNamingWhereTheyAreWrong() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2\n3\n");
        Path word = Files.writeString(dir.resolve("word.csv"), "1\n2\nthree\n");
        Path shortRaw = Files.write(dir.resolve("short.f32"), new byte[6]);
        Path fortran = Files.write(dir.resolve("f.npy"), npy("<f4", "(1,)", ByteBuffer.allocate(4)));
        Files.write(fortran, new String(Files.readAllBytes(fortran), StandardCharsets.ISO_8859_1)
                .replace("False", "True ").getBytes(StandardCharsets.ISO_8859_1));
        Path complex = Files.write(dir.resolve("c.npy"), npy("<c8", "(1,)", ByteBuffer.allocate(8)));

        int fromFile = RecordingReader.FROM_FILE;
        assertThatThrownBy(() -> RecordingReader.read(ragged, RecordingFormat.CSV, fromFile, 100, null))
                .isInstanceOf(BadDataException.class).hasMessage(ragged + ":2: expected 2 columns, found 1");
        assertThatThrownBy(() -> RecordingReader.read(word, RecordingFormat.CSV, fromFile, 100, null))
                .hasMessage(word + ":3: column 1: not a number \"three\"");
        assertThatThrownBy(() -> RecordingReader.read(shortRaw, RecordingFormat.F32, 1, 100, null))
                .hasMessage(shortRaw + ": 6 bytes is not a whole number of float32 values (truncated?)");
        assertThatThrownBy(() -> RecordingReader.read(fortran, RecordingFormat.NPY, fromFile, 100, null))
                .hasMessage(fortran + ": Fortran-ordered arrays are not supported (save with C order)");
        assertThatThrownBy(() -> RecordingReader.read(complex, RecordingFormat.NPY, fromFile, 100, null))
                .hasMessage(complex + ": dtype <c8 is not supported (use little-endian float32, float64, int16 or int32)");
        assertThatThrownBy(() -> RecordingReader.read(shortRaw, RecordingFormat.F32, fromFile, 100, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("channels must be >= 1, was 0");
        assertThatThrownBy(() -> Recording.of(1, 100, new float[] {1, Float.NaN}))
                .hasMessage("values[1] (frame 1, channel 0) must be finite, was NaN");
    }
}
