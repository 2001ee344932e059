package dev.cascade.cloud.registry;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.TrustedKeys;
import dev.cascade.model.registry.RegistryPointers;
import dev.cascade.protocol.window.SensorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a model registry: on each {@link #poll()} reads every model's {@code PROMOTED} and {@code SHADOW} files and,
 * when one names a version not running yet, loads that bundle (checksum and, with trusted keys, signature), checks that
 * it takes the same windows as the live one, and has it opened and warmed on trial; only then publishes it as a new
 * {@link LiveModels} generation. A bundle that fails any step is refused (counted, logged once per change of its
 * files) and what ran before stays. Thread-safe: {@link #poll()} is serialised, {@link #current()} reads a volatile.
 */
public final class ModelWatcher {
    private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

    /** Opens and warms a bundle as the workers would, throwing if it cannot score. */
    @FunctionalInterface
    public interface Trial {
        void run(SensorKind kind, ModelBundle bundle) throws ModelBundleException;
    }

    private final RegistrySettings settings;
    private final RegistryPointers pointers;
    private final TrustedKeys trust;
    private final Trial trial;
    private final Map<SensorKind, LongAdder> promotions = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, LongAdder> refusals = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, String> refusedFiles = new EnumMap<>(SensorKind.class);
    private final Map<SensorKind, String> refusedShadowFiles = new EnumMap<>(SensorKind.class);
    private volatile String lastRefusal = "";
    private volatile LiveModels current;

    /**
     * Loads each model's live version (and shadow, when its bundle loads) from the registry.
     *
     * @param trust keys whose signatures are accepted; null checks checksums only
     * @throws ModelBundleException when a model has no version, or its live version does not load
     */
    public ModelWatcher(RegistrySettings settings, TrustedKeys trust, Trial trial) throws ModelBundleException {
        this.settings = settings;
        this.pointers = new RegistryPointers(settings.dir());
        this.trust = trust;
        this.trial = trial;
        Map<SensorKind, ModelBundle> live = new EnumMap<>(SensorKind.class);
        Map<SensorKind, ModelBundle> shadow = new EnumMap<>(SensorKind.class);
        for (Map.Entry<SensorKind, String> e : settings.models().entrySet()) {
            SensorKind kind = e.getKey();
            promotions.put(kind, new LongAdder());
            refusals.put(kind, new LongAdder());
            String version = liveVersion(e.getValue());
            ModelBundle b = ModelBundle.load(pointers.dir(e.getValue(), version), trust);
            live.put(kind, b);
            log.info("registry model {} for {} windows: live {}", e.getValue(), kind.displayName(), b.manifest().ref());
        }
        this.current = new LiveModels(1, live, shadow);
        poll(); // a shadow named at start goes through the same checks as later ones
    }

    private String liveVersion(String name) throws ModelBundleException {
        Path nameDir = settings.dir().resolve(name);
        try {
            Optional<String> promoted = pointers.promoted(name);
            if (promoted.isPresent()) {
                return promoted.get();
            }
            try (Stream<Path> versions = Files.list(nameDir)) {
                Optional<String> highest = versions.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(v -> v.matches("[0-9]{1,18}")).max((a, b) -> Long.compare(Long.parseLong(a),
                                Long.parseLong(b)));
                if (highest.isEmpty()) {
                    throw new ModelBundleException(nameDir, "no " + RegistryPointers.PROMOTED
                            + " file and no numeric version folder");
                }
                log.info("registry model {} has no {} file: running its highest version {}", name,
                        RegistryPointers.PROMOTED, highest.get());
                return highest.get();
            }
        } catch (IOException e) {
            throw new ModelBundleException(nameDir, "cannot read the registry: " + e.getMessage(), e);
        }
    }

    /** The bundles to run now. */
    public LiveModels current() {
        return current;
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** Promotions of a kind's model applied since start. */
    public long promotions(SensorKind kind) {
        LongAdder a = promotions.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Promoted or shadow bundles of a kind's model refused since start. */
    public long refusals(SensorKind kind) {
        LongAdder a = refusals.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** Why the last bundle was refused, empty if none was. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Reads the pointer files once and applies what changed; never throws for what it finds in the registry. */
    public synchronized void poll() {
        LiveModels before = current;
        Map<SensorKind, ModelBundle> live = new EnumMap<>(SensorKind.class);
        live.putAll(before.live());
        Map<SensorKind, ModelBundle> shadow = new EnumMap<>(SensorKind.class);
        shadow.putAll(before.shadow());
        boolean changed = false;
        for (Map.Entry<SensorKind, String> e : settings.models().entrySet()) {
            SensorKind kind = e.getKey();
            String name = e.getValue();
            ModelBundle running = live.get(kind);
            try {
                Optional<String> promoted = pointers.promoted(name);
                if (promoted.isPresent() && !promoted.get().equals(running.manifest().version())) {
                    ModelBundle b = admit(kind, name, promoted.get(), running, refusedFiles, "promoted");
                    if (b != null) {
                        live.put(kind, b);
                        promotions.get(kind).increment();
                        log.info("registry: {} promoted for {} windows, replacing {} between two batches",
                                b.manifest().ref(), kind.displayName(), running.manifest().ref());
                        running = b;
                        changed = true;
                    }
                }
                Optional<String> wanted = pointers.shadow(name).filter(v -> !v.equals(live.get(kind).manifest().version()));
                ModelBundle shadowing = shadow.get(kind);
                if (wanted.isEmpty() && shadowing != null) {
                    shadow.remove(kind);
                    changed = true;
                    log.info("registry: shadow {} of {} windows ended", shadowing.manifest().ref(), kind.displayName());
                } else if (wanted.isPresent()
                        && (shadowing == null || !wanted.get().equals(shadowing.manifest().version()))) {
                    ModelBundle b = admit(kind, name, wanted.get(), running, refusedShadowFiles, "shadow");
                    if (b != null) {
                        shadow.put(kind, b);
                        changed = true;
                        log.info("registry: {} scores {} windows in shadow beside live {}", b.manifest().ref(),
                                kind.displayName(), running.manifest().ref());
                    }
                }
            } catch (IOException | RuntimeException ex) {
                refuse(kind, "registry " + settings.dir() + " model " + name + " cannot be read: " + ex, null, null);
            }
        }
        if (changed) {
            current = new LiveModels(before.generation() + 1, live, shadow);
        }
    }

    /** The bundle of {@code version} if it passes every check, else null (refused once per change of its files). */
    private ModelBundle admit(SensorKind kind, String name, String version, ModelBundle running,
                              Map<SensorKind, String> refused, String role) {
        Path dir = pointers.dir(name, version);
        String stamp = version + "@" + stamp(dir);
        if (stamp.equals(refused.get(kind))) {
            return null; // refused already, files unchanged
        }
        try {
            ModelBundle b = ModelBundle.load(dir, trust);
            var in = b.manifest().features();
            var was = running.manifest().features();
            if (in.windowSize() != was.windowSize() || in.channels() != was.channels()
                    || b.manifest().task() != running.manifest().task()) {
                throw new ModelBundleException(dir.resolve(ModelBundle.MANIFEST), "must take the windows of "
                        + running.manifest().ref() + " (" + was.windowSize() + " frames of " + was.channels()
                        + " channel(s), task " + running.manifest().task().wireName() + "), was " + in.windowSize()
                        + " frames of " + in.channels() + ", task " + b.manifest().task().wireName());
            }
            trial.run(kind, b);
            refused.remove(kind);
            return b;
        } catch (ModelBundleException | RuntimeException ex) {
            refuse(kind, "registry: " + role + " " + name + "@" + version + " refused, " + running.manifest().ref()
                    + " stays: " + ex.getMessage(), refused, stamp);
            return null;
        }
    }

    private void refuse(SensorKind kind, String message, Map<SensorKind, String> refused, String stamp) {
        refusals.get(kind).increment();
        lastRefusal = message;
        if (refused != null) {
            refused.put(kind, stamp);
        }
        log.warn(message);
    }

    private static String stamp(Path dir) {
        StringBuilder s = new StringBuilder();
        for (String f : new String[] {ModelBundle.MANIFEST, ModelBundle.SIGNATURE}) {
            try {
                s.append(Files.getLastModifiedTime(dir.resolve(f)).toMillis()).append('/');
            } catch (IOException e) {
                s.append("-/");
            }
        }
        return s.toString();
    }
}
