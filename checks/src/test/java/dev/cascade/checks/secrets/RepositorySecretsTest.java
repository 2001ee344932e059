package dev.cascade.checks.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build's secret check: fails when this repository tracks a private key, a key store or a cloud credential. */
class RepositorySecretsTest {

    @Test
    void thisRepository_tracksNoSecretOutsideTheAllowList() {
        Path root = root();
        assumeTrue(root != null, "not inside a git checkout (a source archive): nothing to scan");

        List<Finding> findings = SecretScan.scan(root);

        assertThat(findings).withFailMessage(() -> SecretScan.report(findings)).isEmpty();
    }

    /** The nearest folder at or above the module holding both {@code .git} (a folder, or a file in a worktree) and a pom. */
    private static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return null;
    }
}
