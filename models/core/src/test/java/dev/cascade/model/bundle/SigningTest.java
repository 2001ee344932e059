package dev.cascade.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {
    @TempDir
    Path tmp;

    @Test
    void signedBundle_loadsWithItsKeyTrusted() throws Exception {
        SigningKey key = SigningKey.generate();
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        key.signBundle(dir);
        ModelBundle b = ModelBundle.load(dir, TrustedKeys.of(key.publicKey()));
        assertThat(b.verifiedSigner()).contains(key.keyId());
    }

    @Test
    void unsignedBundle_isRefused() throws Exception {
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        assertThatThrownBy(() -> ModelBundle.load(dir, TrustedKeys.of(SigningKey.generate().publicKey())))
                .isInstanceOf(ModelBundleException.class)
                .hasMessage(dir.resolve("manifest.sig") + ": bundle is not signed (signature file missing)");
    }

    @Test
    void manifestChangedAfterSigning_isRefused() throws Exception {
        SigningKey key = SigningKey.generate();
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        key.signBundle(dir);
        Path mf = dir.resolve("manifest.json");
        Files.writeString(mf, Files.readString(mf).replace("\"threshold\" : 0.25", "\"threshold\" : 9.25"));
        assertThatThrownBy(() -> ModelBundle.load(dir, TrustedKeys.of(key.publicKey())))
                .hasMessage(mf + ": signature by key " + key.keyId()
                        + " does not match (manifest changed after signing, or wrong signature)");
    }

    @Test
    void modelFileSwappedAfterSigning_isRefusedByTheChecksum() throws Exception {
        SigningKey key = SigningKey.generate();
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        key.signBundle(dir);
        Files.write(dir.resolve("model.tflite"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModelBundle.load(dir, TrustedKeys.of(key.publicKey())))
                .hasMessageStartingWith(dir.resolve("model.tflite") + ": SHA-256 is ");
    }

    @Test
    void signatureByUntrustedKey_isRefused() throws Exception {
        SigningKey key = SigningKey.generate();
        SigningKey other = SigningKey.generate();
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        key.signBundle(dir);
        assertThatThrownBy(() -> ModelBundle.load(dir, TrustedKeys.of(other.publicKey())))
                .hasMessageContaining("signed by key " + key.keyId() + ", which is not trusted");
    }

    @Test
    void keys_roundTripThroughPemFiles() throws Exception {
        SigningKey key = SigningKey.generate();
        key.writePrivatePem(tmp.resolve("signing.key"));
        key.writePublicPem(tmp.resolve("signing.pem"));
        SigningKey again = SigningKey.readPrivatePem(tmp.resolve("signing.key"));
        assertThat(again.keyId()).isEqualTo(key.keyId());
        Path dir = tmp.resolve("m");
        ModelBundle.write(dir, ModelBundleTest.manifest(), ModelBundleTest.MODEL);
        again.signBundle(dir);
        TrustedKeys trust = TrustedKeys.read(tmp.resolve("signing.pem"));
        assertThat(trust.keyIds()).containsExactly(key.keyId());
        assertThat(ModelBundle.load(dir, trust).verifiedSigner()).contains(key.keyId());
    }
}
