package dev.cascade.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.bench.processes.RoleLauncher;
import dev.cascade.bench.processes.RolesBench;
import dev.cascade.cli.Cascade;
import dev.cascade.cli.DurationConverter;
import dev.cascade.cli.Home;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade bench roles}: start-to-ready time and resident memory of mosquitto, Kafka and each role in its own
 * process, no load. Writes {@code roles.json}. Exit codes: 0 measured, 1 a process failed to start.
 */
@Command(name = "roles", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start mosquitto, Kafka and each role (edge, ingest, infer, actuate) as its own process from its",
                "example file, one after the other; print each one's start-to-ready time and resident memory; stop them."})
public final class RolesBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "pause after the last process is ready before the memory is read again (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(names = "--with-dashboard", description = "start the dashboard as well")
    boolean withDashboard;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for roles.json and the logs (default: reports/roles-<time>)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = ReportDir.of(out, "roles");
        RoleLauncher launcher = RoleLauncher.ofThisJvm(System.getProperty("java.class.path"), Cascade.class.getName(),
                Home.dir());
        try {
            List<RolesBench.Result> results = RolesBench.run(launcher, dir, withDashboard, settle, o);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("jvmOptions", launcher.jvmOptions());
            report.put("settleSeconds", settle.toMillis() / 1000.0);
            report.put("processes", results);
            Files.createDirectories(dir);
            Path json = dir.resolve("roles.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            o.println("Report: " + json.toAbsolutePath());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spec.commandLine().getErr().println("interrupted");
            return 1;
        } catch (Exception e) {
            spec.commandLine().getErr().println("bench roles failed: " + e.getMessage());
            return 1;
        }
    }
}
