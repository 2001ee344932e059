package dev.cascade.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
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

        Recording expected = Recording.of(2, TWO_CHANNELS);
        assertThat(RecordingReader.read(csv, RecordingFormat.byExtension(csv), 0)).isEqualTo(expected);
        assertThat(RecordingReader.read(f32, RecordingFormat.byExtension(f32), 2)).isEqualTo(expected);
        assertThat(RecordingReader.read(npyF4, RecordingFormat.byExtension(npyF4), 0)).isEqualTo(expected);
        assertThat(RecordingReader.read(npyF8, RecordingFormat.NPY, 0)).isEqualTo(expected);
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

        assertThatThrownBy(() -> RecordingReader.read(ragged, RecordingFormat.CSV, 0))
                .hasMessage("ragged.csv line 2 must have 2 columns like the first data row, was 1");
        assertThatThrownBy(() -> RecordingReader.read(word, RecordingFormat.CSV, 0))
                .hasMessage("word.csv line 3 column 1 must be a number, was \"three\"");
        assertThatThrownBy(() -> RecordingReader.read(shortRaw, RecordingFormat.F32, 1))
                .hasMessage("short.f32 must hold a whole number of frames of 1 float32 values, was 6 bytes");
        assertThatThrownBy(() -> RecordingReader.read(fortran, RecordingFormat.NPY, 0))
                .hasMessage("f.npy fortran_order must be False, was True");
        assertThatThrownBy(() -> RecordingReader.read(complex, RecordingFormat.NPY, 0))
                .hasMessage("c.npy dtype must be <f4, <f8, <i2 or <i4, was <c8");
        assertThatThrownBy(() -> Recording.of(1, new float[] {1, Float.NaN}))
                .hasMessage("values[1] (frame 1, channel 0) must be finite, was NaN");
    }

    @Test
    void replay_playsConsecutiveWindows_loops_andSupportsNoCommands() {
        float[] ramp = new float[10];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        ReplayDevice d = new ReplayDevice(DeviceId.of("rig-1"), SensorKind.VIBRATION, Recording.of(1, ramp), 100, 4, true);
        Instant t = Instant.parse("2026-05-01T08:00:00Z");
        assertThat(d.realTimePeriod()).isEqualTo(Duration.ofMillis(40));

        SensorWindow a = d.nextWindow(t).orElseThrow();
        SensorWindow b = d.nextWindow(t.plusMillis(40)).orElseThrow();
        SensorWindow c = d.nextWindow(t.plusMillis(80)).orElseThrow();
        assertThat(a.samples().toArray()).containsExactly(0, 1, 2, 3);
        assertThat(b.samples().toArray()).containsExactly(4, 5, 6, 7);
        assertThat(c.samples().toArray()).as("looped").containsExactly(0, 1, 2, 3);
        assertThat(a.timestamp()).isEqualTo(t.minusMillis(40));
        assertThat(c.sequence()).isEqualTo(2);

        ReplayDevice once = new ReplayDevice(DeviceId.of("rig-2"), SensorKind.VIBRATION, Recording.of(1, ramp), 100, 4, false);
        once.nextWindow(t);
        once.nextWindow(t);
        assertThat(once.nextWindow(t)).isEmpty();
        assertThat(once.finished()).isTrue();

        Instant now = t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        StopMachine stop = new StopMachine(new CommandHeader(CommandId.random(), DeviceId.of("rig-1"), CorrelationId.random(),
                CommandOrigin.CLOUD, now, now.plusSeconds(5), now), "test");
        assertThat(d.handle(stop, now).status()).isEqualTo(AckStatus.UNSUPPORTED);
    }
}
