package dev.cascade.security.pki;

import dev.cascade.checks.Checks;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority: makes a self-signed CA and issues EC P-256 certificates to brokers
 * (server, with DNS / IP subject alternative names) and to devices and roles (client, CN = the broker identity).
 * For development and tests; a production fleet uses its own PKI or AWS IoT Core's. Thread-safe.
 */
public final class DevCertificateAuthority {
    /** What a common name may hold: it becomes an MQTT user name and part of ACL topics. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identity ca;

    private DevCertificateAuthority(Identity ca) {
        this.ca = ca;
    }

    /** A new CA named {@code name}, valid for {@code validity}. */
    public static DevCertificateAuthority create(String name, Duration validity) {
        requireName(name);
        KeyPair pair = newKeyPair();
        X500Name subject = subject(name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            return new DevCertificateAuthority(new Identity(name, cert, pair.getPrivate(), List.of(cert)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a CA certificate", e);
        }
    }

    /** The CA written by {@link #writeTo}: {@code ca.pem} and {@code ca-key.pem} in {@code dir}. */
    public static DevCertificateAuthority load(Path dir) {
        Path certFile = dir.resolve("ca.pem");
        Path keyFile = dir.resolve("ca-key.pem");
        try (Reader cr = Files.newBufferedReader(certFile); PEMParser cp = new PEMParser(cr);
             Reader kr = Files.newBufferedReader(keyFile); PEMParser kp = new PEMParser(kr)) {
            Object c = cp.readObject();
            Object k = kp.readObject();
            if (!(c instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException(certFile + " must hold a PEM certificate, was " + describe(c));
            }
            if (!(k instanceof PrivateKeyInfo info)) {
                throw new IllegalArgumentException(keyFile + " must hold an unencrypted PKCS#8 key, was " + describe(k));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            String cn = holder.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
            return new DevCertificateAuthority(new Identity(cn, cert, key, List.of(cert)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA from " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA in " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Writes {@code ca.pem} and {@code ca-key.pem} (owner-only) into {@code dir}. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
            Path key = dir.resolve("ca-key.pem");
            Files.deleteIfExists(key);
            Files.createFile(key);
            OwnerOnly.file(key);
            Files.writeString(key, ca.keyPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA into " + dir, e);
        }
    }

    /** The CA's own certificate (what peers trust). */
    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** The CA certificate as PEM. */
    public String certificatePem() {
        return ca.certificatePem();
    }

    /** A PKCS#12 trust store holding the CA certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("cascade-ca", ca.certificate());
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** Writes {@link #trustStore} to {@code file}. */
    public Path writeTrustStore(Path file, char[] password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var out = Files.newOutputStream(file)) {
                trustStore().store(out, password);
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    /**
     * Issues a certificate with common name {@code name}. Server certificates carry {@code hosts} as subject
     * alternative names (IP literals as IP addresses, the rest as DNS names); client certificates may carry none.
     */
    public Identity issue(String name, Usage usage, List<String> hosts, Duration validity) {
        requireName(name);
        Checks.notNull(usage, "usage");
        Checks.check(usage == Usage.CLIENT || !hosts.isEmpty(), "hosts", "at least one host name for a server certificate",
                hosts);
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (usage != Usage.CLIENT) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usage != Usage.SERVER) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject(name), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (!hosts.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String h : hosts) {
                    names.add(isIp(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            X509Certificate cert = sign(b, ca.key());
            return new Identity(name, cert, pair.getPrivate(), List.of(cert, ca.certificate()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate to " + name, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is required by every JDK", e);
        }
    }

    private static X500Name subject(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Cascade").addRDN(BCStyle.CN, cn).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean isIp(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void requireName(String name) {
        Checks.check(name != null && NAME.matcher(name).matches(), "name",
                "1-64 characters of [A-Za-z0-9._-] starting with a letter or digit", name);
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName();
    }
}
