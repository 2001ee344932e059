package dev.cascade.checks.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scans the files git tracks in a repository ({@code git ls-files}, the index: staged files count) for private
 * keys, key stores and cloud credentials, minus the public test fixtures listed in the repository's allow-list
 * file ({@value #ALLOW_LIST}: one glob per line relative to the root, {@code #} starts a comment). An allow-list
 * entry that matches no tracked file is itself a finding, so the list cannot silently outlive its fixtures.
 * Stateless; needs {@code git} on the PATH.
 */
public final class SecretScan {
    /** The allow-list's file name at the repository root. */
    public static final String ALLOW_LIST = ".secrets-allowlist";

    /** Text files beyond this size (models, recordings) are checked by name only. */
    private static final long MAX_TEXT_BYTES = 4L * 1024 * 1024;

    private SecretScan() {}

    /** The findings in {@code repositoryRoot}, in the order git lists the files; empty when clean. */
    public static List<Finding> scan(Path repositoryRoot) {
        List<String> files = trackedFiles(repositoryRoot);
        Map<String, PathMatcher> allowed = allowList(repositoryRoot);
        Map<String, Boolean> used = new LinkedHashMap<>();
        allowed.keySet().forEach(k -> used.put(k, false));
        List<Finding> findings = new ArrayList<>();
        for (String f : files) {
            Path file = repositoryRoot.resolve(f);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<Finding> inFile = scanFile(f, file);
            if (inFile.isEmpty()) {
                continue;
            }
            String entry = allowedBy(allowed, f);
            if (entry != null) {
                used.put(entry, true);
            } else {
                findings.addAll(inFile);
            }
        }
        used.forEach((entry, hit) -> {
            if (!hit) {
                findings.add(new Finding(ALLOW_LIST, 0, "entry '" + entry + "' allows no tracked file with a secret; remove it"));
            }
        });
        return findings;
    }

    /** What {@link #scan} reports, as a message for a failed build. */
    public static String report(List<Finding> findings) {
        StringBuilder b = new StringBuilder(findings.size() + " suspected secret(s) tracked by git:\n");
        findings.forEach(f -> b.append("  ").append(f).append('\n'));
        b.append("Remove them from the repository (git rm --cached, and rotate what was exposed); secrets are read from files"
                + " or the environment (docs/DEPLOY.md). A fixture that is public on purpose goes into " + ALLOW_LIST
                + " with the reason.");
        return b.toString();
    }

    static List<Finding> scanFile(String relative, Path file) {
        try {
            List<Finding> out = new ArrayList<>();
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(8192);
            }
            if (SecretRule.isKeyStore(relative, head)) {
                out.add(new Finding(relative, 0, SecretRule.KEY_STORE.description()));
                return out;
            }
            if (Files.size(file) > MAX_TEXT_BYTES || binary(head)) {
                return out;
            }
            String[] lines = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (SecretRule r : SecretRule.values()) {
                    if (r.matches(lines[i])) {
                        out.add(new Finding(relative, i + 1, r.description()));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean binary(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static String allowedBy(Map<String, PathMatcher> allowed, String relative) {
        Path p = Path.of(relative);
        for (Map.Entry<String, PathMatcher> e : allowed.entrySet()) {
            if (e.getValue().matches(p)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Map<String, PathMatcher> allowList(Path root) {
        Map<String, PathMatcher> out = new LinkedHashMap<>();
        Path file = root.resolve(ALLOW_LIST);
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int hash = line.indexOf('#');
                String glob = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!glob.isEmpty()) {
                    out.put(glob, FileSystems.getDefault().getPathMatcher("glob:" + glob));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> trackedFiles(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached")
                    .directory(root.toFile()).redirectErrorStream(false).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("git ls-files in " + root + " failed: " + err.strip());
            }
            List<String> files = new ArrayList<>();
            for (String f : out.toString(StandardCharsets.UTF_8).split("\0")) {
                if (!f.isEmpty()) {
                    files.add(f);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running git in " + root, e);
        }
    }
}
