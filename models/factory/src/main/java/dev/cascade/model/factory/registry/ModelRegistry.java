package dev.cascade.model.factory.registry;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.registry.RegistryPointers;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of model bundles, {@code <root>/<name>/<version>/}, with one promoted version per model recorded in
 * {@code <root>/<name>/PROMOTED} and an optional shadow version in {@code <root>/<name>/SHADOW} (read by the cloud
 * workers through {@link RegistryPointers}). Adding and promoting are atomic: a failure leaves nothing half-written.
 * With trusted keys, only bundles with a valid signature are added, verified or promoted.
 */
public final class ModelRegistry {
    /** The file naming a model's promoted version. */
    public static final String PROMOTED = RegistryPointers.PROMOTED;

    private final Path root;
    private final TrustedKeys trust;
    private final RegistryPointers pointers;

    /**
     * A registry at {@code root}.
     *
     * @param trust keys whose signatures are accepted; null to check checksums only
     */
    public ModelRegistry(Path root, TrustedKeys trust) {
        this.root = root;
        this.trust = trust;
        this.pointers = new RegistryPointers(root);
    }

    public Path root() {
        return root;
    }

    /** Every version of every model, sorted; broken bundles are listed with their problem. */
    public List<RegistryEntry> list() throws IOException {
        List<RegistryEntry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path nameDir : children(root)) {
            String name = nameDir.getFileName().toString();
            Optional<String> promoted = promoted(name);
            for (Path vDir : children(nameDir)) {
                String version = vDir.getFileName().toString();
                boolean signed = Files.exists(vDir.resolve(ModelBundle.SIGNATURE));
                boolean isPromoted = promoted.isPresent() && promoted.get().equals(version);
                try {
                    ModelBundle b = ModelBundle.load(vDir, trust);
                    out.add(new RegistryEntry(name, version, b.manifest().task().wireName(),
                            b.manifest().format().wireName(), b.modelSize(), signed, isPromoted, ""));
                } catch (ModelBundleException e) {
                    out.add(new RegistryEntry(name, version, "", "", 0, signed, isPromoted, e.getMessage()));
                }
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** The folder of one version. */
    public Path dir(String name, String version) {
        return root.resolve(name).resolve(version);
    }

    /**
     * Loads a version, checks checksum and signature (if keys are trusted), opens it in its runtime and checks
     * its tensors against the manifest.
     *
     * @throws ModelBundleException naming the file at fault and the problem
     */
    public ModelBundle verify(String name, String version) throws ModelBundleException {
        return verifyDir(dir(name, version));
    }

    private ModelBundle verifyDir(Path dir) throws ModelBundleException {
        ModelBundle b = ModelBundle.load(dir, trust);
        Runners.open(b).close();
        return b;
    }

    /**
     * Copies a bundle folder into the registry as {@code <name>/<version>} after verifying it; fails if that
     * version exists.
     */
    public ModelBundle add(Path bundleDir) throws IOException {
        ModelBundle src = verifyDir(bundleDir);
        Path target = dir(src.manifest().name(), src.manifest().version());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "this version is already in the registry");
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + src.manifest().version() + ".partial-");
        try {
            try (Stream<Path> files = Files.list(bundleDir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, tmp.resolve(f.getFileName()));
                }
            }
            verifyDir(tmp);
            move(tmp, target, false);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return ModelBundle.load(target, trust);
    }

    /** Verifies a version and makes it the promoted one (atomically replacing the previous promotion). */
    public ModelBundle promote(String name, String version) throws IOException {
        ModelBundle b = verify(name, version);
        pointers.promote(name, version);
        return b;
    }

    /**
     * Verifies a version and makes it the model's shadow (candidate) version, scored beside the promoted one by the
     * cloud workers without its outputs being used (atomically replacing the previous shadow).
     */
    public ModelBundle shadow(String name, String version) throws IOException {
        ModelBundle b = verify(name, version);
        pointers.setShadow(name, version);
        return b;
    }

    /** Ends shadow scoring of a model; whether it had a shadow version. */
    public boolean clearShadow(String name) throws IOException {
        return pointers.clearShadow(name);
    }

    /** The promoted version of a model, if any. */
    public Optional<String> promoted(String name) throws IOException {
        return pointers.promoted(name);
    }

    /** The shadow version of a model, if any. */
    public Optional<String> shadowed(String name) throws IOException {
        return pointers.shadow(name);
    }

    /** Loads (and checks) the promoted version of a model. */
    public ModelBundle current(String name) throws IOException {
        String v = promoted(name).orElseThrow(() -> new ModelBundleException(root.resolve(name).resolve(PROMOTED),
                "no promoted version of " + name));
        return ModelBundle.load(dir(name, v), trust);
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort clean-up of our own temporary folder
        }
    }
}
