package dev.cascade.model.bench;

import dev.cascade.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Finds the committed default models and makes benchmark inputs. */
final class Models {
    private Models() {}

    /** {@code models/default/<name>/1}, found by walking up from the working directory. */
    static ModelBundle defaultBundle(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/default"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("models/default not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return ModelBundle.load(dir.resolve("models/default").resolve(name).resolve("1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A vibration-like window: two tones and noise. */
    static float[] window(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(i * 0.023) + 0.1 * Math.sin(i * 0.71) + 0.05 * r.nextGaussian());
        }
        return x;
    }
}
