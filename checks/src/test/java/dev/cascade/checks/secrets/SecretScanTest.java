package dev.cascade.checks.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan on throw-away git repositories with secrets planted in them (made at run time, never committed). */
class SecretScanTest {
    private static final String PEM_RULE = "PEM private key (BEGIN ... PRIVATE KEY)";

    @Test
    void plantedPrivateKey_inATrackedFile_isFoundWithItsLine(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        write(repo, "README.md", "# demo\n");
        write(repo, "deploy/prod.key", privateKeyPem("EC"));
        write(repo, "deploy/notes.txt", "keys below\n\n" + privateKeyPem("RSA").replace("BEGIN PRIVATE", "BEGIN RSA PRIVATE"));
        git(repo, "add", ".");

        List<Finding> findings = SecretScan.scan(repo);

        assertThat(findings).containsExactly(new Finding("deploy/notes.txt", 3, PEM_RULE), new Finding("deploy/prod.key", 1, PEM_RULE));
        assertThat(SecretScan.report(findings))
                .startsWith("2 suspected secret(s) tracked by git:\n  deploy/notes.txt:3: " + PEM_RULE + "\n")
                .contains("A fixture that is public on purpose goes into .secrets-allowlist");
    }

    @Test
    void keyStores_byNameOrByMagicNumber_areFound(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        Files.createDirectories(repo.resolve("certs"));
        Files.write(repo.resolve("certs/server.p12"), new byte[] {0x30, (byte) 0x82, 0x0a, 0x01});
        Files.write(repo.resolve("certs/truststore.bin"), new byte[] {(byte) 0xFE, (byte) 0xED, (byte) 0xFE, (byte) 0xED, 0, 0, 0, 2});
        git(repo, "add", ".");

        assertThat(SecretScan.scan(repo)).containsExactly(
                new Finding("certs/server.p12", 0, "key store file (PKCS#12 / JKS / JCEKS)"),
                new Finding("certs/truststore.bin", 0, "key store file (PKCS#12 / JKS / JCEKS)"));
    }

    @Test
    void awsCredentials_areFound(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        String id = "AKIA" + "Q3EXAMPLE7KEYID9";
        String secret = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
        write(repo, "infra/creds.env", "region=eu-west-1\naws_access_key_id=" + id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\n");
        git(repo, "add", ".");

        assertThat(SecretScan.scan(repo)).containsExactly(new Finding("infra/creds.env", 2, "AWS access key id"),
                new Finding("infra/creds.env", 3, "AWS secret access key"));
    }

    @Test
    void untrackedFiles_areNotScanned_butStagedOnesAre(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        write(repo, "ignored/local.key", privateKeyPem("EC"));
        write(repo, "staged.pem", privateKeyPem("EC"));
        git(repo, "add", "staged.pem");

        assertThat(SecretScan.scan(repo)).containsExactly(new Finding("staged.pem", 1, PEM_RULE));
    }

    @Test
    void allowListedFixture_passes_andAnEntryThatAllowsNothing_isAFinding(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        write(repo, "src/test/resources/tls/client.key", privateKeyPem("EC"));
        write(repo, "src/test/resources/tls/ca.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        write(repo, SecretScan.ALLOW_LIST, "# test-only CA\nsrc/test/resources/tls/*.key  # public fixture\nold/gone.key\n");
        git(repo, "add", ".");

        assertThat(SecretScan.scan(repo)).containsExactly(
                new Finding(".secrets-allowlist", 0, "entry 'old/gone.key' allows no tracked file with a secret; remove it"));
    }

    @Test
    void cleanRepository_hasNoFindings(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        write(repo, "models/keys/signing.pem", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n");
        write(repo, "docs/SECRETS.md", "Put the key in /run/secrets/signing.key (BEGIN PRIVATE KEY files are refused).\n");
        git(repo, "add", ".");

        assertThat(SecretScan.scan(repo)).isEmpty();
    }

    private static String privateKeyPem(String algorithm) throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("RSA") ? 1024 : 256);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        String dashes = "-----";
        return dashes + "BEGIN PRIVATE KEY" + dashes + "\n" + body + "\n" + dashes + "END PRIVATE KEY" + dashes + "\n";
    }

    private static void write(Path repo, String relative, String text) throws IOException {
        Path f = repo.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static void git(Path repo, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git " + String.join(" ", args) + ": " + out).isZero();
    }
}
