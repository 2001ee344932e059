package dev.cascade.dashboard.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password hash, PBKDF2WithHmacSHA256 with its salt and iteration count in the string:
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. Immutable and thread-safe.
 */
public final class PasswordHash {
    /** The prefix of every stored hash. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations of new hashes (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash of(String password, int iterations) {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be >= " + MIN_ITERATIONS + ", was " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Parses a stored hash; empty when the text is not one (never says why the text was wrong beyond its shape). */
    public static Optional<PasswordHash> parse(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.strip().split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return Optional.empty();
            }
            return Optional.of(new PasswordHash(iterations, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code password} matches, compared in constant time. */
    public boolean matches(String password) {
        if (password == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    public int iterations() {
        return iterations;
    }

    /** The string to store in the configuration. */
    public String encoded() {
        Base64.Encoder b = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b.encodeToString(salt) + "$" + b.encodeToString(hash);
    }

    @Override
    public String toString() {
        return SCHEME + "$" + iterations + "$***";
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
