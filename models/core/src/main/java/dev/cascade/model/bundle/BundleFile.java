package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import java.util.regex.Pattern;

/**
 * A further file of a bundle that its manifest names and pins by SHA-256 (so the manifest's signature covers it).
 *
 * @param file the file's plain name inside the bundle folder
 * @param sha256 lower-case hex SHA-256 of the file
 */
@JsonPropertyOrder({"file", "sha256"})
public record BundleFile(String file, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public BundleFile {
        Checks.check(file != null && NAME.matcher(file).matches() && !file.equals(ModelBundle.MANIFEST)
                        && !file.equals(ModelBundle.SIGNATURE), "file",
                "a plain file name (no folders) other than the manifest and signature", Checks.quote(file));
        Checks.check(sha256 != null && sha256.matches("[0-9a-f]{64}"), "sha256", "64 lower-case hex digits",
                Checks.quote(sha256));
    }

    /** The entry for {@code bytes} stored as {@code file}. */
    public static BundleFile of(String file, byte[] bytes) {
        return new BundleFile(file, Sha256.hex(bytes));
    }
}
