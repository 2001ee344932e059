package dev.cascade.security.pki;

import dev.cascade.checks.Checks;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A certificate, its private key and the chain up to the CA that issued it.
 *
 * @param name the subject's common name (the broker identity)
 * @param certificate the leaf certificate
 * @param key its private key
 * @param chain the leaf first, then its issuers
 */
public record Identity(String name, X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    public Identity {
        Checks.notBlank(name, "name");
        Checks.notNull(certificate, "certificate");
        Checks.notNull(key, "key");
        chain = Checks.immutable(chain, "chain");
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        return pem(certificate);
    }

    /** The chain (leaf first) as PEM. */
    public String chainPem() {
        StringBuilder b = new StringBuilder();
        chain.forEach(c -> b.append(pem(c)));
        return b.toString();
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public String keyPem() {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code <name>.pem} (the chain) and {@code <name>-key.pem} (owner-only where the file system allows)
     * into {@code dir}; returns the certificate file.
     */
    public Path writePem(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve(name + ".pem");
            Files.writeString(cert, chainPem());
            Path keyFile = dir.resolve(name + "-key.pem");
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile);
            OwnerOnly.file(keyFile);
            Files.writeString(keyFile, keyPem());
            return cert;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificate of " + name + " into " + dir, e);
        }
    }

    /** A PKCS#12 key store holding this identity under alias {@code name} (for Kafka and Java servers). */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(name, key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a PKCS#12 store for " + name, e);
        }
    }

    /** Writes {@link #keyStore} to {@code file}. */
    public Path writePkcs12(Path file, char[] password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var out = Files.newOutputStream(file)) {
                keyStore(password).store(out, password);
            }
            OwnerOnly.file(file);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    static String pem(X509Certificate c) {
        try {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(c);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
