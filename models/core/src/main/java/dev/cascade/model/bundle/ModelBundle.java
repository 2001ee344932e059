package dev.cascade.model.bundle;

import dev.cascade.model.bundle.internal.ManifestJson;
import dev.cascade.checks.Checks;
import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A model as it is stored and shipped: a folder holding the model file, {@code manifest.json} and, once
 * signed, {@code manifest.sig} (an Ed25519 signature over the manifest bytes, which carry the file's SHA-256).
 * Immutable once loaded.
 */
public final class ModelBundle {
    /** The manifest's file name inside a bundle folder. */
    public static final String MANIFEST = "manifest.json";
    /** The detached signature's file name inside a bundle folder. */
    public static final String SIGNATURE = "manifest.sig";
    /** The largest model file accepted (256 MiB). */
    public static final long MAX_MODEL_BYTES = 256L << 20;

    private final Path dir;
    private final ModelManifest manifest;
    private final byte[] manifestBytes;
    private final byte[] modelBytes;
    private final String signer;
    private final dev.cascade.model.selftest.SelfTest selfTest;

    private ModelBundle(Path dir, ModelManifest manifest, byte[] manifestBytes, byte[] modelBytes, String signer,
                        dev.cascade.model.selftest.SelfTest selfTest) {
        this.dir = dir;
        this.manifest = manifest;
        this.manifestBytes = manifestBytes;
        this.modelBytes = modelBytes;
        this.signer = signer;
        this.selfTest = selfTest;
    }

    /**
     * Loads a bundle and checks the model file against the manifest's SHA-256, without checking any
     * signature: for tools and tests. Deployed roles use {@link #load(Path, TrustedKeys)}.
     *
     * @throws ModelBundleException naming the file at fault and the problem
     */
    public static ModelBundle load(Path dir) throws ModelBundleException {
        return load(dir, null);
    }

    /**
     * Loads a bundle, refusing it unless {@code manifest.sig} is a valid signature by one of {@code trust}'s
     * keys and the model file matches the manifest's SHA-256.
     *
     * @param trust the keys to accept; null skips the signature check
     * @throws ModelBundleException naming the file at fault and the problem
     */
    public static ModelBundle load(Path dir, TrustedKeys trust) throws ModelBundleException {
        Checks.notNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new ModelBundleException(dir, "not a model bundle folder (missing or not a directory)");
        }
        Path manifestPath = dir.resolve(MANIFEST);
        byte[] manifestBytes = readFile(manifestPath, 1 << 20);
        ModelManifest manifest;
        try {
            manifest = ManifestJson.read(manifestBytes);
        } catch (IOException e) {
            throw new ModelBundleException(manifestPath, "invalid manifest: " + e.getMessage(), e);
        }
        String signer = null;
        if (trust != null) {
            signer = trust.verify(dir.resolve(SIGNATURE), manifestPath, manifestBytes);
        }
        Path modelPath = dir.resolve(manifest.file());
        byte[] model = readFile(modelPath, MAX_MODEL_BYTES);
        String actual = Sha256.hex(model);
        if (!actual.equals(manifest.sha256())) {
            throw new ModelBundleException(modelPath, "SHA-256 is " + actual + " but " + MANIFEST + " says "
                    + manifest.sha256() + " (file changed or truncated)");
        }
        return new ModelBundle(dir, manifest, manifestBytes, model, signer, readSelfTest(dir, manifest));
    }

    private static dev.cascade.model.selftest.SelfTest readSelfTest(Path dir, ModelManifest manifest)
            throws ModelBundleException {
        if (manifest.selfTest() == null) {
            return null;
        }
        Path file = dir.resolve(manifest.selfTest().file());
        byte[] bytes = readFile(file, 16 << 20);
        String actual = Sha256.hex(bytes);
        if (!actual.equals(manifest.selfTest().sha256())) {
            throw new ModelBundleException(file, "SHA-256 is " + actual + " but " + MANIFEST + " says "
                    + manifest.selfTest().sha256() + " (file changed or truncated)");
        }
        try {
            return dev.cascade.model.selftest.SelfTest.read(bytes);
        } catch (IOException e) {
            throw new ModelBundleException(file, "invalid self-test: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new bundle folder {@code dir} (which must not exist) holding {@code modelBytes} and the manifest
     * with its SHA-256 filled in. The folder appears whole or not at all (written aside, then renamed).
     */
    public static ModelBundle write(Path dir, ModelManifest manifest, byte[] modelBytes) throws IOException {
        return write(dir, manifest, modelBytes, null);
    }

    /**
     * As {@link #write(Path, ModelManifest, byte[])}, with {@code selfTest} (or null) stored as
     * {@value dev.cascade.model.selftest.SelfTest#FILE} and pinned in the manifest by its SHA-256.
     */
    public static ModelBundle write(Path dir, ModelManifest manifest, byte[] modelBytes,
                                    dev.cascade.model.selftest.SelfTest selfTest) throws IOException {
        Checks.notNull(dir, "dir");
        Checks.notNull(manifest, "manifest");
        Checks.notNull(modelBytes, "modelBytes");
        Checks.check(modelBytes.length > 0, "modelBytes", "non-empty", 0);
        byte[] selfTestBytes = selfTest == null ? null : selfTest.toJson();
        ModelManifest m = manifest.withSha256(Sha256.hex(modelBytes)).withSelfTest(selfTestBytes == null ? null
                : BundleFile.of(dev.cascade.model.selftest.SelfTest.FILE, selfTestBytes));
        byte[] json = ManifestJson.write(m);
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "bundle folder already exists");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            Files.write(tmp.resolve(m.file()), modelBytes);
            if (selfTestBytes != null) {
                Files.write(tmp.resolve(dev.cascade.model.selftest.SelfTest.FILE), selfTestBytes);
            }
            Files.write(tmp.resolve(MANIFEST), json);
            moveAtomically(tmp, dir);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return new ModelBundle(dir, m, json, modelBytes.clone(), null, selfTest);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort clean-up of our own temporary folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static byte[] readFile(Path file, long maxBytes) throws ModelBundleException {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelBundleException(file, "file is empty");
            }
            if (size > maxBytes) {
                throw new ModelBundleException(file, "file is " + size + " bytes, more than the " + maxBytes
                        + " allowed");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelBundleException(file, "file is missing", e);
        } catch (ModelBundleException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelBundleException(file, "cannot read: " + e, e);
        }
    }

    /**
     * Checks that the tensors the runtime read from the model file agree with the manifest's.
     *
     * @throws ModelBundleException naming the manifest and the first disagreement
     */
    public void requireTensorsMatch(List<TensorSpec> fileInputs, List<TensorSpec> fileOutputs)
            throws ModelBundleException {
        String problem = TensorMatch.firstDifference("inputs", manifest.inputs(), fileInputs);
        if (problem == null) {
            problem = TensorMatch.firstDifference("outputs", manifest.outputs(), fileOutputs);
        }
        if (problem != null) {
            throw new ModelBundleException(dir.resolve(MANIFEST), "disagrees with " + manifest.file() + ": "
                    + problem);
        }
    }

    /**
     * Opens this bundle's model with {@code loader} (a runtime's open-from-bytes), after checking the format, and
     * checks the tensors it reads from the file against the manifest; closes the runner if they disagree.
     *
     * @throws ModelBundleException naming the model file or the manifest and the problem
     */
    public <R extends ModelRunner> R openWith(ModelFormat format, Function<byte[], R> loader)
            throws ModelBundleException {
        Path file = dir.resolve(manifest.file());
        if (manifest.format() != format) {
            throw new ModelBundleException(file, "format is " + manifest.format().wireName() + ", not "
                    + format.wireName());
        }
        R runner;
        try {
            runner = loader.apply(modelBytes);
        } catch (ModelLoadException e) {
            throw new ModelBundleException(file, e.getMessage(), e);
        }
        try {
            requireTensorsMatch(runner.inputs(), runner.outputs());
        } catch (ModelBundleException | RuntimeException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    public Path dir() {
        return dir;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** A copy of the model file's bytes. */
    public byte[] modelBytes() {
        return modelBytes.clone();
    }

    /** A copy of the exact manifest bytes (what the signature covers). */
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    /** Size of the model file in bytes. */
    public int modelSize() {
        return modelBytes.length;
    }

    /** The bundle's self-test (reference windows and expected scores), or empty if it ships none. */
    public java.util.Optional<dev.cascade.model.selftest.SelfTest> selfTest() {
        return java.util.Optional.ofNullable(selfTest);
    }

    /** The id of the key whose signature was verified at load, or empty if none was checked. */
    public java.util.Optional<String> verifiedSigner() {
        return java.util.Optional.ofNullable(signer);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.ref() + " at " + dir + "]";
    }
}
