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
        if (s == null || s.length() < 8 || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9._-]{1,64}}: a device id. */
    public static boolean isDeviceId(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9][a-z0-9._-]{0,63}}: a model's name. */
    public static boolean isModelName(String s) {
        if (s == null || s.isEmpty() || s.length() > 64 || !lowerAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!lowerAlnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._+-]{0,31}}: a model's version. */
    public static boolean isModelVersion(String s) {
        if (s == null || s.isEmpty() || s.length() > 32 || !alnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '.' && c != '_' && c != '+' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean alnum(char c) {
        return lowerAlnum(c) || (c >= 'A' && c <= 'Z');
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
