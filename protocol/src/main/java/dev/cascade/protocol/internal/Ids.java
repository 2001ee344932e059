package dev.cascade.protocol.internal;

import dev.cascade.checks.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shared rules for the string ids on the wire. The checks are character loops rather than regular expressions: they
 * run for every id of every message (a regular expression's matcher was 4 % of the cloud worker's samples), and
 * each one accepts exactly what its documented character class does ({@code IdsTest} compares them with the regular
 * expressions).
 */
public final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {}

    /** {@code [A-Za-z0-9_-]{8,64}}: what an opaque id (correlation, command) may hold. */
    public static boolean isOpaque(String s) {
        return allOf(s, 8, 64, false, false, "_-");
    }

    /** {@code [A-Za-z0-9._-]{1,64}}: a device id. */
    public static boolean isDeviceId(String s) {
        return allOf(s, 1, 64, false, false, "._-");
    }

    /** {@code [a-z0-9][a-z0-9._-]{0,63}}: a model's name. */
    public static boolean isModelName(String s) {
        return allOf(s, 1, 64, true, true, "._-");
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._+-]{0,31}}: a model's version. */
    public static boolean isModelVersion(String s) {
        return allOf(s, 1, 32, false, true, "._+-");
    }

    /**
     * Whether {@code s} is {@code min} to {@code max} characters, each an ASCII digit or letter (lower case only when
     * {@code lowerOnly}) or one of {@code punctuation}, the first one a digit or letter when {@code alnumFirst}.
     */
    private static boolean allOf(String s, int min, int max, boolean lowerOnly, boolean alnumFirst, String punctuation) {
        if (s == null || s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!lowerOnly && c >= 'A' && c <= 'Z');
            if (!alnum && (alnumFirst && i == 0 || punctuation.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    public static String requireOpaque(String value, String field) {
        if (!isOpaque(value)) {
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
