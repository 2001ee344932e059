package dev.cascade.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSignatureTest {
    private static final byte[] PAYLOAD = "{\"v\":1,\"type\":\"stop_machine\"}".getBytes(StandardCharsets.UTF_8);
    private final KeyPair bridge = CommandSignature.generate();
    private final KeyPair other = CommandSignature.generate();
    private final CommandSignature.Verifier verifier =
            new CommandSignature.Verifier(Map.of("bridge-1", bridge.getPublic()));

    @Test
    void signed_byTrustedKey_verifies() {
        CommandSignature.Signer signer = new CommandSignature.Signer("bridge-1",
                CommandSignature.privateKey(CommandSignature.pem(bridge.getPrivate())));
        assertThat(verifier.refusal(PAYLOAD, signer.properties(PAYLOAD))).isEmpty();
    }

    @Test
    void signature_isByteForByteTheJdksEd25519_andTheJdksVerifies() throws Exception {
        CommandSignature.Signer signer = new CommandSignature.Signer("bridge-1", bridge.getPrivate());
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(bridge.getPrivate());
        jdk.update(PAYLOAD);
        byte[] jdkSig = jdk.sign();

        assertThat(signer.sign(PAYLOAD)).isEqualTo(java.util.Base64.getEncoder().encodeToString(jdkSig));
        assertThat(verifier.refusal(PAYLOAD, Map.of(CommandSignature.SIGNATURE_PROPERTY,
                java.util.Base64.getEncoder().encodeToString(jdkSig), CommandSignature.KEY_PROPERTY, "bridge-1"))).isEmpty();
    }

    @Test
    void signatureOfTheWrongLength_isRefusedAsUnreadable() {
        assertThat(verifier.refusal(PAYLOAD, Map.of(CommandSignature.SIGNATURE_PROPERTY, "AAAA",
                CommandSignature.KEY_PROPERTY, "bridge-1")))
                .hasValue("cascade-sig must be a base64 Ed25519 signature, was unreadable (3 bytes)");
    }

    @Test
    void pem_roundTrip_keepsPublicKey() {
        assertThat(CommandSignature.publicKey(CommandSignature.pem(bridge.getPublic())).getEncoded())
                .isEqualTo(bridge.getPublic().getEncoded());
    }

    @Test
    void unsigned_isRefused() {
        assertThat(verifier.refusal(PAYLOAD, Map.of())).contains("cascade-sig and cascade-key must be present, was unsigned");
    }

    @Test
    void signedByUntrustedKeyUnderTrustedId_isRefusedAsForged() {
        Map<String, String> p = new CommandSignature.Signer("bridge-1", other.getPrivate()).properties(PAYLOAD);
        assertThat(verifier.refusal(PAYLOAD, p)).contains("cascade-sig must verify with key bridge-1 over the payload, was forged");
    }

    @Test
    void unknownKeyId_isRefused() {
        Map<String, String> p = new CommandSignature.Signer("mallory", other.getPrivate()).properties(PAYLOAD);
        assertThat(verifier.refusal(PAYLOAD, p)).contains("cascade-key must be a trusted key id, was mallory");
    }

    @Test
    void payloadChangedAfterSigning_isRefused() {
        Map<String, String> p = new CommandSignature.Signer("bridge-1", bridge.getPrivate()).properties(PAYLOAD);
        byte[] changed = PAYLOAD.clone();
        changed[5] ^= 1;
        assertThat(verifier.refusal(changed, p)).get().asString().endsWith("was forged");
    }

    @Test
    void garbageSignature_isRefusedWithoutThrowing() {
        Map<String, String> p = new HashMap<>(Map.of("cascade-key", "bridge-1", "cascade-sig", "%%%not base64"));
        assertThat(verifier.refusal(PAYLOAD, p)).get().asString()
                .startsWith("cascade-sig must be a base64 Ed25519 signature, was unreadable");
    }

    @Test
    void privateKey_fromPublicPem_throwsNamingTheRule() {
        assertThatThrownBy(() -> CommandSignature.privateKey(CommandSignature.pem(bridge.getPublic())))
                .hasMessageStartingWith("key must be a PKCS#8 PEM Ed25519 private key");
    }

    @Test
    void readPublicKey_fromAPemFile_isTheKeyWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("bridge-1.pem");
        java.nio.file.Files.writeString(file, CommandSignature.pem(bridge.getPublic()));
        assertThat(CommandSignature.readPublicKey(file)).isEqualTo(bridge.getPublic());
    }

    @Test
    void readPublicKey_ofAMissingFile_throwsNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("absent.pem");
        assertThatThrownBy(() -> CommandSignature.readPublicKey(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key file must be readable, was " + file + ": ");
    }

    @Test
    void readPublicKey_ofAPrivateKeyFile_throwsNamingTheRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("private.pem");
        java.nio.file.Files.writeString(file, CommandSignature.pem(bridge.getPrivate()));
        assertThatThrownBy(() -> CommandSignature.readPublicKey(file))
                .hasMessageStartingWith("key must be an X.509 PEM Ed25519 public key");
    }
}
