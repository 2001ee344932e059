package dev.cascade.model.bundle;

import dev.cascade.checks.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The Ed25519 public keys whose bundle signatures are accepted. Immutable and thread-safe. */
public final class TrustedKeys {
    static final String ALGORITHM = "ed25519";

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** Trusts exactly these keys. */
    public static TrustedKeys of(PublicKey... publicKeys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : publicKeys) {
            String alg = k == null ? null : k.getAlgorithm();
            Checks.check("EdDSA".equals(alg) || "Ed25519".equals(alg), "key", "an Ed25519 public key", alg);
            m.put(keyId(k), k);
        }
        return new TrustedKeys(m);
    }

    /** Reads one PEM public key file, or every {@code *.pem} / {@code *.pub} file in a folder. */
    public static TrustedKeys read(Path fileOrDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                s.filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".pub")).sorted()
                        .forEach(files::add);
            }
        } else {
            files.add(fileOrDir);
        }
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (Path f : files) {
            byte[] der = Pem.decode(f, "PUBLIC KEY");
            try {
                PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
                m.put(keyId(k), k);
            } catch (GeneralSecurityException e) {
                throw new IOException(f + ": not an Ed25519 public key: " + e.getMessage(), e);
            }
        }
        if (m.isEmpty()) {
            throw new IOException(fileOrDir + ": holds no public key (*.pem or *.pub)");
        }
        return new TrustedKeys(m);
    }

    /** The ids of the trusted keys. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /**
     * Verifies {@code sigFile} over {@code signedBytes}; returns the signer's key id.
     *
     * @throws ModelBundleException if the signature is missing, malformed, by an unknown key, or wrong
     */
    String verify(Path sigFile, Path signedFile, byte[] signedBytes) throws ModelBundleException {
        String text;
        try {
            text = Files.readString(sigFile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new ModelBundleException(sigFile, "bundle is not signed (signature file missing)", e);
        } catch (IOException e) {
            throw new ModelBundleException(sigFile, "cannot read: " + e, e);
        }
        String[] parts = text.split(" ");
        if (parts.length != 3 || !parts[0].equals(ALGORITHM)) {
            throw new ModelBundleException(sigFile, "malformed signature: expected \"ed25519 <keyId> <base64>\"");
        }
        PublicKey key = keys.get(parts[1]);
        if (key == null) {
            throw new ModelBundleException(sigFile, "signed by key " + parts[1] + ", which is not trusted (trusted: "
                    + keys.keySet() + ")");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(sigFile, "malformed signature: not base64", e);
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedBytes);
            ok = s.verify(sig);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new ModelBundleException(signedFile, "signature by key " + parts[1]
                    + " does not match (manifest changed after signing, or wrong signature)");
        }
        return parts[1];
    }

    static String keyId(PublicKey key) {
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    static PublicKey derivePublic(PrivateKey key) throws GeneralSecurityException {
        // The JDK cannot derive an EdDSA public key from a private one directly; sign-and-recover is not
        // possible either, so we use the key's seed with a deterministic generator.
        EdECPrivateKey ed = (EdECPrivateKey) key;
        byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("private key has no seed"));
        java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("Ed25519");
        gen.initialize(new java.security.spec.NamedParameterSpec("Ed25519"), new FixedRandom(seed));
        return gen.generateKeyPair().getPublic();
    }

    /** Feeds a fixed seed to the key generator so that it reproduces the key pair of that seed. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
