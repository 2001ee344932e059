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

    DemoReport(Map<String, Object> fields, long lost) {
        this.fields = fields;
        this.lost = lost;
    }

    long lost() {
        return lost;
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
                fields.get("alerts"), lat.get("p50"), lat.get("p99"), lost);
    }
}
