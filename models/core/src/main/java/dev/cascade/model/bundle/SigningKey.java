package dev.cascade.model.bundle;

import dev.cascade.checks.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An Ed25519 key pair (JDK) that signs model bundles. Keys are stored as PEM: the private key as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), the public key as X.509 ({@code BEGIN PUBLIC KEY}), which {@link TrustedKeys} reads.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = TrustedKeys.keyId(publicKey);
    }

    /** A new random key pair. */
    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Reads a PKCS#8 PEM private key written by {@link #writePrivatePem(Path)}. */
    public static SigningKey readPrivatePem(Path file) throws IOException {
        byte[] der = Pem.decode(file, "PRIVATE KEY");
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new SigningKey(key, TrustedKeys.derivePublic(key));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Writes the private key (owner-readable only where the file system supports it). */
    public void writePrivatePem(Path file) throws IOException {
        Pem.write(file, "PRIVATE KEY", privateKey.getEncoded(), true);
    }

    /** Writes the public key, for {@link TrustedKeys#read(Path)}. */
    public void writePublicPem(Path file) throws IOException {
        Pem.write(file, "PUBLIC KEY", publicKey.getEncoded(), false);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** A short fingerprint of the public key: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
    public String keyId() {
        return keyId;
    }

    /** Signs arbitrary bytes. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Signs a bundle folder's manifest, writing {@code manifest.sig} atomically (replacing an older one).
     * Checks the bundle first (SHA-256 of the model file), so a broken bundle is never signed.
     */
    public void signBundle(Path dir) throws IOException {
        ModelBundle bundle = ModelBundle.load(Checks.notNull(dir, "dir"));
        byte[] sig = sign(bundle.manifestBytes());
        String line = TrustedKeys.ALGORITHM + " " + keyId + " " + Base64.getEncoder().encodeToString(sig) + "\n";
        Path tmp = Files.createTempFile(dir, "." + ModelBundle.SIGNATURE, ".partial");
        try {
            Files.write(tmp, line.getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, dir.resolve(ModelBundle.SIGNATURE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
