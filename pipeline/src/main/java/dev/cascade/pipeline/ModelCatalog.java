package dev.cascade.pipeline;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.protocol.window.SensorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds, in a model registry folder ({@code <root>/<name>/<version>/}), the current edge (TFLite) and cloud
 * (ONNX) model for each kind of window: the version named in {@code <name>/PROMOTED}, else the highest.
 *
 * @param edge the edge bundle folder per kind
 * @param cloud the cloud bundle folder per kind
 */
public record ModelCatalog(Map<SensorKind, Path> edge, Map<SensorKind, Path> cloud) {
    public ModelCatalog {
        edge = Map.copyOf(edge);
        cloud = Map.copyOf(cloud);
    }

    public static ModelCatalog scan(Path root) throws ModelBundleException {
        if (!Files.isDirectory(root)) {
            throw new ModelBundleException(root, "model registry folder does not exist (set --models)");
        }
        Map<SensorKind, Path> edge = new EnumMap<>(SensorKind.class);
        Map<SensorKind, Path> cloud = new EnumMap<>(SensorKind.class);
        for (Path model : list(root)) {
            Optional<Path> current = current(model);
            if (current.isEmpty()) {
                continue;
            }
            ModelManifest m = ModelBundle.load(current.get()).manifest();
            SensorKind kind = switch (m.features().type()) {
                case LOG_BAND_ENERGY, LOG_BAND_ENERGY_STATS -> SensorKind.VIBRATION;
                case SOIL_HISTORY -> SensorKind.SOIL;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            (m.format() == ModelFormat.TFLITE ? edge : cloud).merge(kind, current.get(), (a, b) -> a);
        }
        return new ModelCatalog(edge, cloud);
    }

    /** The promoted (or else highest) version folder of one model. */
    public static Optional<Path> current(Path model) {
        try {
            Path promoted = model.resolve("PROMOTED");
            if (Files.isRegularFile(promoted)) {
                String v = Files.readString(promoted, StandardCharsets.UTF_8).strip();
                if (!v.isEmpty() && Files.isDirectory(model.resolve(v))) {
                    return Optional.of(model.resolve(v));
                }
            }
            return list(model).stream().filter(p -> Files.isRegularFile(p.resolve(ModelBundle.MANIFEST)))
                    .max(Comparator.comparingLong((Path p) -> numeric(p.getFileName().toString()))
                            .thenComparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static long numeric(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
