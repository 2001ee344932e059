package dev.cascade.cli.bench;

import dev.cascade.cli.Home;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a benchmark writes its report: the folder the user named, else {@code reports/<prefix>-<time>}. */
final class ReportDir {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ReportDir() {}

    static Path of(Path out, String prefix) {
        return out != null ? out : Home.dir().resolve("reports").resolve(prefix + "-" + LocalDateTime.now().format(TIME));
    }
}
