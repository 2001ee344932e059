package dev.cascade.model.factory.model;

import dev.cascade.model.bundle.ModelManifest;
import java.util.Locale;

/** Renders a manifest as the short model card printed after training and by {@code cascade model verify}. */
public final class ModelCard {
    private ModelCard() {}

    public static String render(ModelManifest m) {
        StringBuilder sb = new StringBuilder();
        sb.append("== model card: ").append(m.ref()).append(" ==\n");
        sb.append("task:       ").append(m.task().wireName()).append(", ").append(m.format().wireName()).append(" (")
                .append(m.file()).append(", sha256 ").append(m.sha256(), 0, 16).append("...)\n");
        sb.append("input:      ").append(m.inputs().get(0)).append('\n');
        sb.append("output:     ").append(m.outputs().get(0)).append('\n');
        sb.append("features:   ").append(m.features().type().wireName()).append(", window ")
                .append(m.features().windowSize()).append(" x ").append(m.features().channels()).append(" at ")
                .append(String.format(Locale.ROOT, "%.6g", m.features().sampleRateHz())).append(" Hz -> ")
                .append(m.features().outputSize()).append(" values\n");
        sb.append("scoring:    ").append(m.scoring().kind().wireName()).append(", positive when score ")
                .append(m.scoring().positiveAbove() ? "> " : "< ")
                .append(String.format(Locale.ROOT, "%.6g", m.threshold())).append('\n');
        sb.append("training:   ").append(m.training().source()).append(", ").append(m.training().examples())
                .append(" examples, seed ").append(m.training().seed()).append('\n');
        m.training().details().forEach((k, v) -> sb.append("            ").append(k).append(": ").append(v)
                .append('\n'));
        sb.append("metrics:\n");
        m.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-24s %.6g%n", k, v)));
        return sb.toString();
    }
}
