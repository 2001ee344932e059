package dev.cascade.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The summary of a demo run, as JSON. */
final class DemoReport {
    private final Map<String, Object> fields;
    private final long lost;
    private final java.util.List<String> problems;

    DemoReport(Map<String, Object> fields, long lost, java.util.List<String> problems) {
        this.fields = fields;
        this.lost = lost;
        this.problems = java.util.List.copyOf(problems);
    }

    long lost() {
        return lost;
    }

    /** Dead or stalled workers at the end, {@code "<role>: <what>"}; empty when every role was healthy. */
    java.util.List<String> problems() {
        return problems;
    }

    /** 0 when nothing was lost and every role is healthy; 4 when a role has a problem; 3 when windows were lost. */
    int exitCode() {
        if (!problems.isEmpty()) {
            return 4;
        }
        return lost == 0 ? 0 : 3;
    }

    Map<String, Object> fields() {
        return fields;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), fields);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    String summary() {
        @SuppressWarnings("unchecked")
        Map<String, Object> lat = (Map<String, Object>) fields.get("latencyMs");
        return String.format(Locale.ROOT, "Done: %s windows in %ss, %s decided at the edge, %s escalated, %s ingested, "
                        + "%s inferred, %s commands sent, %s acknowledged, %s alerts; end-to-end p50 %s ms, p99 %s ms; lost %d.",
                fields.get("windows"), fields.get("durationSeconds"), fields.get("edgeDecided"), fields.get("escalated"),
                fields.get("ingested"), fields.get("inferred"), fields.get("commandsSent"), fields.get("commandsAcked"),
                fields.get("alerts"), lat.get("p50"), lat.get("p99"), lost)
                + (problems.isEmpty() ? "" : "\nFAILED: " + problems.size() + " role problem(s):\n  "
                        + String.join("\n  ", problems));
    }
}
