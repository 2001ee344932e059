package dev.cascade.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.ota.OtaAnnouncement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
    @TempDir
    Path dir;

    private static OtaAnnouncement announcement(String version, char sha) {
        return new OtaAnnouncement(new ModelRef("m", version), 10, String.valueOf(sha).repeat(64), Instant.EPOCH);
    }

    @Test
    void reopened_forTheSameArchive_resumesFromTheBytesOnDisk() throws Exception {
        try (Staging s = Staging.open(dir, announcement("2", 'a'))) {
            assertThat(s.append(0, new byte[] {1, 2, 3, 4})).isTrue();
        }
        try (Staging s = Staging.open(dir, announcement("2", 'a'))) {
            assertThat(s.offset()).isEqualTo(4);
            assertThat(s.append(0, new byte[] {1, 2})).as("a repeated answer").isFalse();
            assertThat(s.append(6, new byte[] {1, 2})).as("a gap").isFalse();
            assertThat(s.append(4, new byte[] {5, 6, 7, 8, 9, 10})).isTrue();
            assertThat(s.complete()).isTrue();
            assertThat(s.bytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void reopened_forAnotherArchive_startsAfresh_andDropsOtherVersions() throws Exception {
        try (Staging s = Staging.open(dir, announcement("2", 'a'))) {
            s.append(0, new byte[] {1, 2, 3});
        }
        try (Staging s = Staging.open(dir, announcement("2", 'b'))) {
            assertThat(s.offset()).as("same version, other archive").isZero();
            s.append(0, new byte[] {1});
        }
        try (Staging s = Staging.open(dir, announcement("3", 'c'))) {
            assertThat(s.offset()).isZero();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("m@3.part", "m@3.announce");
        }
    }
}
