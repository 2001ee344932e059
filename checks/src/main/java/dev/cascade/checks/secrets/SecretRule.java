package dev.cascade.checks.secrets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The kinds of secret the scan looks for: private keys in PEM, key store files, cloud credentials. */
enum SecretRule {
    PEM_PRIVATE_KEY("PEM private key (BEGIN ... PRIVATE KEY)", Pattern.compile("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")),
    PUTTY_PRIVATE_KEY("PuTTY private key", Pattern.compile("^PuTTY-User-Key-File-\\d+:")),
    AWS_ACCESS_KEY_ID("AWS access key id", Pattern.compile("\\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b")),
    AWS_SECRET_ACCESS_KEY("AWS secret access key",
            Pattern.compile("(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+=]{40}\\b")),
    KEY_STORE("key store file (PKCS#12 / JKS / JCEKS)", null);

    /** File names that are key stores whatever their content. */
    private static final List<String> STORE_SUFFIXES = List.of(".p12", ".pfx", ".jks", ".jceks", ".keystore", ".bks");

    private final String description;
    private final Pattern pattern;

    SecretRule(String description, Pattern pattern) {
        this.description = description;
        this.pattern = pattern;
    }

    String description() {
        return description;
    }

    boolean matches(String line) {
        return pattern != null && pattern.matcher(line).find();
    }

    /** A key store by its name, or a JKS/JCEKS one by its magic number. */
    static boolean isKeyStore(String path, byte[] head) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (STORE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return true;
        }
        if (head.length >= 4) {
            int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            return magic == 0xFEEDFEED || magic == 0xCECECECE;
        }
        return false;
    }
}
