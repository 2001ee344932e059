package dev.cascade.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryPointersTest {
    @TempDir
    Path root;

    @Test
    void promoteAndShadow_areReadBack_andClearingTheShadowRemovesIt() throws Exception {
        Files.createDirectories(root.resolve("m/1"));
        Files.createDirectories(root.resolve("m/2"));
        RegistryPointers p = new RegistryPointers(root);
        assertThat(p.promoted("m")).isEmpty();

        p.promote("m", "1");
        p.setShadow("m", "2");

        assertThat(p.promoted("m")).contains("1");
        assertThat(p.shadow("m")).contains("2");
        assertThat(Files.readString(root.resolve("m/PROMOTED"))).isEqualTo("1\n");
        assertThat(p.clearShadow("m")).isTrue();
        assertThat(p.shadow("m")).isEqualTo(Optional.empty());
        assertThat(p.clearShadow("m")).isFalse();
        try (var left = Files.list(root.resolve("m"))) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("1", "2", "PROMOTED");
        }
    }

    @Test
    void promote_missingVersionFolder_isRefused() throws Exception {
        Files.createDirectories(root.resolve("m/1"));

        assertThatThrownBy(() -> new RegistryPointers(root).promote("m", "7")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such version folder");
    }

    @Test
    void pointerNamingAPath_isRefusedOnRead() throws Exception {
        Files.createDirectories(root.resolve("m"));
        Files.writeString(root.resolve("m/PROMOTED"), "../other\n");

        assertThatThrownBy(() -> new RegistryPointers(root).promoted("m"))
                .hasMessageEndingWith("PROMOTED: must name a version folder (letters, digits, . _ -), was \"../other\"");
    }

    @Test
    void versionWithASlash_isACallersMistake() {
        assertThatThrownBy(() -> new RegistryPointers(root).dir("m", "../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be 1-128 characters of [A-Za-z0-9._-], not starting with . _ -, was ../x");
    }
}
