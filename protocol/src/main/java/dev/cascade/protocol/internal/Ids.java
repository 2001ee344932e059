package dev.cascade.protocol.internal;

import dev.cascade.checks.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Shared rules for the opaque string ids on the wire. */
public final class Ids {
    /** What an opaque id may hold: 8 to 64 characters of {@code [A-Za-z0-9_-]}. */
    public static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    public static String requireOpaque(String value, String field) {
        if (value == null || !OPAQUE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 8-64 characters of [A-Za-z0-9_-], was "
                    + Checks.quote(value));
        }
        return value;
    }

    /** 128 random bits as 32 lower-case hex digits. */
    public static String randomHex128() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[15 - i] = HEX[(int) (a >>> (4 * i)) & 0xF];
            out[31 - i] = HEX[(int) (b >>> (4 * i)) & 0xF];
        }
        return new String(out);
    }

    /** A stable 128-bit id (32 hex digits) derived from the given parts, for idempotent retries. */
    public static String derivedHex128(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] d = sha.digest();
            char[] out = new char[32];
            for (int i = 0; i < 16; i++) {
                out[2 * i] = HEX[(d[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[d[i] & 0xF];
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
