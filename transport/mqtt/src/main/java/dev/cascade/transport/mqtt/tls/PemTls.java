package dev.cascade.transport.mqtt.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a TLS socket factory from PEM files: CA certificates to trust and, for mutual TLS, a client certificate
 * chain and its private key. Keys must be unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519);
 * PKCS#1 or SEC1 keys ({@code BEGIN RSA/EC PRIVATE KEY}) are refused with the {@code openssl} line that converts
 * them. Sockets get TCP_NODELAY. Stateless.
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemTls() {}

    /**
     * A socket factory trusting the certificates in {@code caFile} and, when both are given, presenting
     * {@code certFile} with {@code keyFile}; a bad file throws {@link IllegalArgumentException} naming it.
     */
    public static SSLSocketFactory socketFactory(Path caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> cas = certificates(caFile, "ca-file");
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (certFile.isPresent() != keyFile.isPresent()) {
                throw new IllegalArgumentException("cert-file and key-file must be set together, was "
                        + (certFile.isPresent() ? "cert-file only" : "key-file only"));
            }
            if (certFile.isPresent()) {
                List<Certificate> chain = certificates(certFile.get(), "cert-file");
                PrivateKey key = privateKey(keyFile.get());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new NoDelaySslSocketFactory(ctx.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls must be a usable CA, certificate and key, was not (" + e.getMessage() + ")");
        }
    }

    static List<Certificate> certificates(Path file, String key) {
        List<Certificate> out = new ArrayList<>();
        List<String[]> blocks = blocks(file, key);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String[] b : blocks) {
                if (b[0].equals("CERTIFICATE")) {
                    out.add(cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b[1]))));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must hold PEM certificates, was " + file + " (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " must hold at least one PEM CERTIFICATE block, was " + file);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) {
        for (String[] b : blocks(file, "key-file")) {
            if (b[0].equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(b[1]);
                for (String alg : List.of("RSA", "EC", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException e) {
                        // try the next algorithm
                    }
                }
                throw new IllegalArgumentException("key-file must hold an RSA, EC or Ed25519 PKCS#8 key, was " + file);
            }
            if (b[0].endsWith("PRIVATE KEY")) {
                throw new IllegalArgumentException("key-file must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; convert with "
                        + "openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem), was " + b[0] + " in " + file);
            }
        }
        throw new IllegalArgumentException("key-file must hold a PEM PRIVATE KEY block, was " + file);
    }

    private static List<String[]> blocks(Path file, String key) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a readable file, was " + file);
        }
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2).strip()});
        }
        return out;
    }
}
